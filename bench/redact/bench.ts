// `npm run bench:redact [-- [--corpus FILE] [--no-throughput]]`: recall and precision per entity type on a
// labelled set (bench/redact/data/eval.jsonl unless --corpus names another, e.g. the held-out set that
// generate-heldout.ts writes), the share of non-PII words left unchanged, and throughput on this machine.
// Exits 1 when a target is missed, 2 on a bad argument.
//
// Matching: a labelled entity counts as found when a predicted span of the same type overlaps it by at least
// one character; a predicted span counts as correct when it overlaps a labelled entity of the same type.
// "any type" recall counts a labelled entity as redacted when any predicted span overlaps it; "whole" counts it
// only when predicted spans (of any type) cover every one of its non-space characters, so "[PERSON] Doe" is a
// hit for recall but not for "whole".
// A non-PII word is a whitespace-separated word that overlaps no labelled entity; it is unchanged when no
// predicted span overlaps it.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRedactor, ENTITY_TYPES, type EntityType, type Finding } from '../../lib/redact';
import { PARALLEL_MIN_BYTES } from '../../lib/redact/file';
import type { LabelledRecord, LabelledSpan } from './generate';

const RECALL_TARGETS: Partial<Record<EntityType, number>> = {
  EMAIL: 0.99,
  CARD_NUMBER: 0.99,
  IBAN: 0.99,
  GOVERNMENT_ID: 0.99,
  IP_ADDRESS: 0.99,
  PHONE: 0.95,
  PERSON: 0.85,
  ADDRESS: 0.85,
};
const UNCHANGED_TARGET = 0.98;
const THROUGHPUT_TARGET_MBS = 5;

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

interface Tally {
  gold: number;
  found: number;
  foundAnyType: number;
  whole: number;
  predicted: number;
  correct: number;
}

/** Whether the spans cover every non-space character of the entity. */
function covered(text: string, g: LabelledSpan, spans: readonly Finding[]): boolean {
  for (let i = g.start; i < g.end; i++) {
    if (/\s/.test(text[i])) continue;
    if (!spans.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

function score(records: readonly LabelledRecord[], predictions: readonly Finding[][]) {
  const tally = new Map<EntityType, Tally>(
    ENTITY_TYPES.map((t) => [t, { gold: 0, found: 0, foundAnyType: 0, whole: 0, predicted: 0, correct: 0 }]),
  );
  let words = 0;
  let unchanged = 0;
  const misses: string[] = [];
  const falsePositives: string[] = [];
  records.forEach((r, i) => {
    const predicted = predictions[i];
    for (const g of r.entities) {
      const t = tally.get(g.type)!;
      t.gold++;
      if (predicted.some((p) => p.type === g.type && overlaps(p, g))) t.found++;
      else misses.push(`${g.type}\t${JSON.stringify(r.text.slice(g.start, g.end))}\t${r.id}`);
      if (predicted.some((p) => overlaps(p, g))) t.foundAnyType++;
      if (covered(r.text, g, predicted)) t.whole++;
    }
    for (const p of predicted) {
      const t = tally.get(p.type)!;
      t.predicted++;
      if (r.entities.some((g: LabelledSpan) => g.type === p.type && overlaps(p, g))) t.correct++;
      else falsePositives.push(`${p.type}\t${JSON.stringify(r.text.slice(p.start, p.end))}\t${r.id}`);
    }
    for (const m of r.text.matchAll(/\S+/g)) {
      const w = { start: m.index, end: m.index + m[0].length };
      if (r.entities.some((g) => overlaps(g, w))) continue;
      words++;
      if (!predicted.some((p) => overlaps(p, w))) unchanged++;
    }
  });
  return { tally, unchanged: unchanged / words, words, misses, falsePositives };
}

/**
 * Builds the redactor as docker/redactor/Dockerfile does (one esbuild bundle for the entry point, one for the
 * worker thread) with bench/redact/throughput.ts as the entry point.
 */
function bundle(dir: string): string {
  const root = path.join(__dirname, '..', '..');
  const esbuild = path.join(root, 'node_modules', '.bin', 'esbuild');
  const out = path.join(dir, 'dist');
  const built = spawnSync(
    esbuild,
    [
      path.join(__dirname, 'throughput.ts'),
      path.join(root, 'lib', 'redact', 'worker.ts'),
      '--bundle',
      '--platform=node',
      '--target=node20',
      '--format=cjs',
      '--entry-names=[name]',
      '--external:tsx/cjs/api',
      `--outdir=${out}`,
      '--log-level=error',
    ],
    { encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`esbuild failed: ${built.stderr}`);
  return path.join(out, 'throughput.js');
}

function fileThroughput(records: readonly LabelledRecord[]): {
  mbs: number;
  cpuMbs: number;
  mb: number;
  threads: number;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-redact-'));
  try {
    const input = path.join(dir, 'in.jsonl');
    const lines =
      records.map((r) => JSON.stringify({ id: r.id, kind: r.kind, text: r.text })).join('\n') + '\n';
    const copies = Math.max(1, Math.ceil(20e6 / lines.length));
    const fd = fs.openSync(input, 'w');
    for (let i = 0; i < copies; i++) fs.writeSync(fd, lines);
    fs.closeSync(fd);
    const bytes = fs.statSync(input).size;
    // What redactFile picks by default for this size (one worker per core when the input is large).
    const threads = bytes >= PARALLEL_MIN_BYTES ? Math.min(os.availableParallelism(), 8) : 1;
    const run = spawnSync(process.execPath, [bundle(dir), input, path.join(dir, 'out.jsonl')], {
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`the bundled redactor failed: ${run.stderr}`);
    const { seconds, cpuSeconds } = JSON.parse(run.stdout) as { seconds: number; cpuSeconds: number };
    return { mbs: bytes / 1e6 / seconds, cpuMbs: bytes / 1e6 / cpuSeconds, mb: bytes / 1e6, threads };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Args {
  readonly corpus: string;
  readonly throughput: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let corpus = path.join(__dirname, 'data', 'eval.jsonl');
  let throughput = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-throughput') throughput = false;
    else if (a === '--corpus' && argv[i + 1] !== undefined) corpus = argv[++i];
    else if (a.startsWith('--corpus=')) corpus = a.slice('--corpus='.length);
    else if (!a.startsWith('--'))
      corpus = a; // the older positional form
    else throw new Error(`unknown argument ${JSON.stringify(a)}: expected --corpus FILE or --no-throughput`);
  }
  return { corpus, throughput };
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const file = args.corpus;
  const records = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LabelledRecord);
  const redactor = createRedactor();
  redactor.find('Warm-up: Maria Lopez, maria@example.com.'); // loads the word lists once, outside the timing

  const t0 = process.hrtime.bigint();
  const predictions = records.map((r) => redactor.find(r.text));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const bytes = records.reduce((n, r) => n + Buffer.byteLength(r.text), 0);
  const textMbs = bytes / 1e6 / seconds;

  const { tally, unchanged, words, misses, falsePositives } = score(records, predictions);
  const file2 = args.throughput ? fileThroughput(records) : undefined;

  const failures: string[] = [];
  const rows = [['type', 'labelled', 'recall', 'any-type recall', 'whole', 'precision', 'target recall', '']];
  for (const [type, t] of tally) {
    const recall = t.gold ? t.found / t.gold : 1;
    const precision = t.predicted ? t.correct / t.predicted : 1;
    const target = RECALL_TARGETS[type];
    const ok = target === undefined || recall >= target;
    if (!ok) failures.push(`${type} recall ${recall.toFixed(3)} < ${target}`);
    rows.push([
      type,
      String(t.gold),
      recall.toFixed(3),
      (t.gold ? t.foundAnyType / t.gold : 1).toFixed(3),
      (t.gold ? t.whole / t.gold : 1).toFixed(3),
      precision.toFixed(3),
      target === undefined ? '-' : `>= ${target}`,
      ok ? 'ok' : 'MISSED',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(
    `Evaluation set: ${file} (${records.length} records, ${(bytes / 1e6).toFixed(2)} MB of text)\n`,
  );
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));

  if (unchanged < UNCHANGED_TARGET)
    failures.push(`non-PII words unchanged ${unchanged.toFixed(4)} < ${UNCHANGED_TARGET}`);
  if (file2 && file2.mbs < THROUGHPUT_TARGET_MBS)
    failures.push(`throughput ${file2.mbs.toFixed(2)} MB/s < ${THROUGHPUT_TARGET_MBS}`);
  const load = os.loadavg()[0];
  console.log(
    `\nnon-PII words unchanged: ${unchanged.toFixed(4)} of ${words} (target >= ${UNCHANGED_TARGET})`,
  );
  console.log(`throughput, redactor.find over the texts: ${textMbs.toFixed(2)} MB/s`);
  if (file2)
    console.log(
      `throughput, redactFile on a ${file2.mb.toFixed(1)} MB JSONL file with pseudonyms, ${file2.threads} searching thread(s) (the calling thread and ${file2.threads - 1} worker(s)), bundled as in the image: ${file2.mbs.toFixed(2)} MB/s wall clock (target >= ${THROUGHPUT_TARGET_MBS}), ${file2.cpuMbs.toFixed(2)} MB per CPU-second (all threads, start-up included)`,
    );
  else console.log('throughput: not measured (--no-throughput)');
  console.log(
    `load average while measuring: ${load.toFixed(2)} on ${os.cpus().length} cores (wall clock suffers when it exceeds the cores)`,
  );
  if (process.env.BENCH_REDACT_ERRORS) {
    const out = process.env.BENCH_REDACT_ERRORS;
    fs.writeFileSync(out, ['# misses', ...misses, '# false positives', ...falsePositives].join('\n') + '\n');
    console.log(`misses and false positives written to ${out}`);
  }
  if (failures.length) {
    console.log(`\nTARGETS MISSED:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log('\nall targets met');
  return 0;
}

try {
  process.exit(main());
} catch (err: unknown) {
  console.error(err);
  process.exit(2);
}
