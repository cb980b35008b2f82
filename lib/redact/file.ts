import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inThreadFinder, OrderedBatches, type Finder } from './finder';
import type { Pipeline } from './formats/batch';
import { redactCsv } from './formats/csv';
import { redactJsonLines } from './formats/jsonl';
import { Output } from './formats/output';
import { redactPlainText } from './formats/text';
import { RedactInputError, type InputProblem } from './problems';
import { createRedactor, type RedactOptions, type Redactor } from './redactor';
import { addCounts, type FileFormat, type FileReport, type Report } from './report';
import { ENTITY_TYPES } from './types';
import { WorkerPool } from './worker-pool';

export const FILE_FORMATS: readonly FileFormat[] = ['jsonl', 'csv', 'text'];

const BY_EXTENSION: Record<string, FileFormat> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
  '.log': 'text',
};

export interface RedactFileOptions extends RedactOptions {
  /** Overrides detection by extension (`.jsonl`/`.ndjson`, `.csv`/`.tsv`, `.txt`/`.md`/`.log`). */
  readonly format?: FileFormat;
  /** CSV field delimiter. @default ',' (tab for `.tsv`) */
  readonly csvDelimiter?: string;
  /** The first CSV row is a header, kept as is. @default true */
  readonly csvHeader?: boolean;
  /** A redactor to share across calls, so pseudonyms stay consistent across files. @default - a new one */
  readonly redactor?: Redactor;
  /**
   * Threads that search for entities: the calling thread and `threads - 1` worker threads (replacing them
   * stays in the calling thread, in input order). Each worker costs about half a CPU-second to start, so small
   * inputs are searched in this thread alone.
   * @default - one per core (at most 8) when the inputs hold at least 4 MB, else 1
   */
  readonly threads?: number;
}

/** Batches in flight per searching thread: enough that results waiting for their turn never stall a worker. */
const BATCHES_IN_FLIGHT = 4;

/** Below this many bytes of input, starting worker threads costs more than it saves. */
export const PARALLEL_MIN_BYTES = 4_000_000;

function defaultThreads(jobs: readonly FileJob[]): number {
  let bytes = 0;
  for (const j of jobs) {
    try {
      bytes += fs.statSync(j.input).size;
    } catch {
      // A missing file is reported by `stage`.
    }
  }
  return bytes >= PARALLEL_MIN_BYTES ? Math.min(os.availableParallelism(), 8) : 1;
}

export interface FileJob {
  readonly input: string;
  readonly output: string;
  /** The name the report and error messages use for this file. @default input */
  readonly name?: string;
}

export function detectFormat(file: string, override?: FileFormat): FileFormat | undefined {
  return override ?? BY_EXTENSION[path.extname(file).toLowerCase()];
}

interface Staged {
  readonly job: FileJob;
  readonly temp: string;
  readonly report: FileReport;
}

async function stage(
  job: FileJob,
  options: RedactFileOptions,
  pipeline: Pipeline,
  problems: InputProblem[],
): Promise<Staged | undefined> {
  const { redactor } = pipeline;
  const name = job.name ?? job.input;
  const format = detectFormat(job.input, options.format);
  if (!format) {
    problems.push({
      file: name,
      message: `cannot tell the format from the extension ${JSON.stringify(path.extname(job.input))}: expected one of ${Object.keys(BY_EXTENSION).join(', ')}, or set the format (${FILE_FORMATS.join(', ')})`,
    });
    return undefined;
  }
  let bytesIn: number;
  try {
    bytesIn = fs.statSync(job.input).size;
  } catch {
    problems.push({ file: name, message: 'expected a readable file, found none' });
    return undefined;
  }
  fs.mkdirSync(path.dirname(job.output), { recursive: true });
  const temp = `${job.output}.redacting-${randomBytes(6).toString('hex')}`;
  const out = new Output(temp);
  // Field and column names go into the report: a key that is itself an email must not leak there.
  const label = (field: string) => redactor.redactLabel(field);
  const before = problems.length;
  try {
    const tally =
      format === 'jsonl'
        ? await redactJsonLines(name, job.input, out, pipeline, label, problems)
        : format === 'csv'
          ? await redactCsv(
              name,
              job.input,
              out,
              pipeline,
              {
                delimiter:
                  options.csvDelimiter ?? (path.extname(job.input).toLowerCase() === '.tsv' ? '\t' : ','),
                header: options.csvHeader ?? true,
              },
              label,
              problems,
            )
          : await redactPlainText(job.input, out, pipeline);
    // Batches still in flight write this file's last records.
    await pipeline.batches.drain();
    tally.bytesOut = out.bytes;
    await out.close();
    if (problems.length > before) {
      fs.rmSync(temp, { force: true });
      return undefined;
    }
    return { job, temp, report: tally.finish(name, format, bytesIn) };
  } catch (err) {
    await out.close().catch(() => undefined);
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

export function buildReport(
  files: readonly FileReport[],
  redactor: Redactor,
  options: RedactOptions,
): Report {
  const entities: Record<string, number> = {};
  for (const f of files) addCounts(entities, f.entities);
  return {
    tool: 'isotrain-redact',
    reportVersion: 1,
    options: { pseudonyms: options.pseudonyms ?? false, types: options.types ?? ENTITY_TYPES },
    detectors: redactor.detectorVersions,
    files,
    totals: {
      files: files.length,
      records: files.reduce((n, f) => n + f.records, 0),
      bytesIn: files.reduce((n, f) => n + f.bytesIn, 0),
      bytesOut: files.reduce((n, f) => n + f.bytesOut, 0),
      entities,
      entitiesTotal: Object.values(entities).reduce((a, b) => a + b, 0),
      ...(options.pseudonyms ? { distinctEntities: redactor.distinctEntities() } : {}),
    },
  };
}

/**
 * Redacts several files with one redactor (so pseudonyms agree across them). Each output is written to a
 * temporary file beside it; only when every input was read without a problem are they all renamed into place.
 * Otherwise nothing is written and a RedactInputError lists every problem in every file.
 */
export async function redactFiles(
  jobs: readonly FileJob[],
  options: RedactFileOptions = {},
): Promise<Report> {
  const redactor = options.redactor ?? createRedactor(options);
  const problems: InputProblem[] = [];
  const staged: Staged[] = [];
  const threads = options.threads ?? defaultThreads(jobs);
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`threads: expected a positive integer, got ${JSON.stringify(threads)}`);
  const findHere = (texts: readonly string[]) => redactor.findAll(texts);
  // This thread searches too, alongside `threads - 1` workers: it would otherwise wait for them.
  const finder: Finder =
    threads > 1 ? new WorkerPool(threads - 1, options.types, findHere) : inThreadFinder(findHere);
  const pipeline: Pipeline = { redactor, batches: new OrderedBatches(finder, BATCHES_IN_FLIGHT * threads) };
  try {
    for (const job of jobs) {
      const s = await stage(job, options, pipeline, problems);
      if (s) staged.push(s);
    }
  } catch (err) {
    for (const s of staged) fs.rmSync(s.temp, { force: true });
    throw err;
  } finally {
    await finder.close();
  }
  if (problems.length > 0) {
    for (const s of staged) fs.rmSync(s.temp, { force: true });
    throw new RedactInputError(problems);
  }
  for (const s of staged) fs.renameSync(s.temp, s.job.output);
  return buildReport(
    staged.map((s) => s.report),
    redactor,
    options,
  );
}

/** Redacts one file; see `redactFiles`. */
export function redactFile(input: string, output: string, options: RedactFileOptions = {}): Promise<Report> {
  return redactFiles([{ input, output }], options);
}
