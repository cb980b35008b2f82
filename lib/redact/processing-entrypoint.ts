// The redactor as a SageMaker Processing job: every file under /opt/ml/processing/input/<channel>/ is redacted
// to the same relative path under /opt/ml/processing/output/data/, and the report (counts only) goes to
// /opt/ml/processing/output/report.json. Configured by ISOTRAIN_REDACT_* environment variables, which
// bin/redact-processing.ts (the container's entry point) reads and passes in: lib/ reads no environment.
// The job runs with network isolation: nothing here opens a socket, and the test suite checks that.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FILE_FORMATS, redactFiles, type FileJob } from './file';
import { formatInputProblem, RedactInputError, type InputProblem } from './problems';
import type { FileFormat, Report } from './report';
import { ENTITY_TYPES, type EntityType } from './types';

export interface ProcessingPaths {
  /** @default /opt/ml/processing/input */
  readonly inputRoot: string;
  /** @default /opt/ml/processing/output */
  readonly outputRoot: string;
}

export const SAGEMAKER_PATHS: ProcessingPaths = {
  inputRoot: '/opt/ml/processing/input',
  outputRoot: '/opt/ml/processing/output',
};

export interface ProcessingConfig {
  readonly format?: FileFormat;
  readonly pseudonyms: boolean;
  readonly types?: readonly EntityType[];
  readonly csvDelimiter?: string;
  readonly csvHeader: boolean;
}

const PREFIX = 'ISOTRAIN_REDACT_';
const VARIABLES = {
  FORMAT: `auto (by extension, the default) or one of ${FILE_FORMATS.join(', ')}`,
  PSEUDONYMS: 'true or false (the default): consistent [TYPE_n] pseudonyms instead of [TYPE]',
  TYPES: `comma-separated entity types to redact, default all: ${ENTITY_TYPES.join(', ')}`,
  CSV_DELIMITER: 'one character, or "tab"; default "," (tab for .tsv files)',
  CSV_HEADER: 'true (the default) or false: whether the first CSV row names the columns',
} as const;

/** Reads ISOTRAIN_REDACT_* variables; every problem at once, each naming the variable, expectation and value. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ProcessingConfig {
  const problems: InputProblem[] = [];
  const bad = (name: keyof typeof VARIABLES, value: string) =>
    problems.push({
      file: 'environment',
      field: PREFIX + name,
      message: `expected ${VARIABLES[name]}, got ${JSON.stringify(value)}`,
    });
  for (const key of Object.keys(env)) {
    if (key.startsWith(PREFIX) && !(key.slice(PREFIX.length) in VARIABLES)) {
      problems.push({
        file: 'environment',
        field: key,
        message: `unknown variable: expected one of ${Object.keys(VARIABLES)
          .map((k) => PREFIX + k)
          .join(', ')}`,
      });
    }
  }
  const read = (name: keyof typeof VARIABLES) => env[PREFIX + name]?.trim();
  const bool = (name: 'PSEUDONYMS' | 'CSV_HEADER', fallback: boolean): boolean => {
    const v = read(name);
    if (v === undefined || v === '') return fallback;
    if (/^(true|1|yes)$/i.test(v)) return true;
    if (/^(false|0|no)$/i.test(v)) return false;
    bad(name, v);
    return fallback;
  };

  let format: FileFormat | undefined;
  const f = read('FORMAT');
  if (f && f !== 'auto') {
    if ((FILE_FORMATS as readonly string[]).includes(f)) format = f as FileFormat;
    else bad('FORMAT', f);
  }
  let types: EntityType[] | undefined;
  const t = read('TYPES');
  if (t) {
    const list = t
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const unknown = list.filter((x) => !(ENTITY_TYPES as readonly string[]).includes(x));
    if (unknown.length || list.length === 0) bad('TYPES', t);
    else types = list as EntityType[];
  }
  let csvDelimiter: string | undefined;
  const d = env[PREFIX + 'CSV_DELIMITER'];
  if (d !== undefined && d !== '') {
    if (d.toLowerCase() === 'tab') csvDelimiter = '\t';
    else if ([...d].length === 1 && d !== '"' && d !== '\n' && d !== '\r') csvDelimiter = d;
    else bad('CSV_DELIMITER', d);
  }
  const config: ProcessingConfig = {
    format,
    pseudonyms: bool('PSEUDONYMS', false),
    types,
    csvDelimiter,
    csvHeader: bool('CSV_HEADER', true),
  };
  if (problems.length) throw new RedactInputError(problems);
  return config;
}

/**
 * Every regular file under the input root, as paths relative to it. Symbolic links are refused: one could
 * point outside the job's input and have the container redact (and so copy out) a file nobody gave it.
 */
export function listInputs(inputRoot: string, problems: InputProblem[]): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(inputRoot, rel), { withFileTypes: true })) {
      const child = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isSymbolicLink())
        problems.push({ file: child, message: 'expected a regular file, found a symbolic link' });
      else if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
      else problems.push({ file: child, message: 'expected a regular file, found a special file' });
    }
  };
  if (!fs.existsSync(inputRoot)) {
    problems.push({ file: inputRoot, message: 'expected the input directory, found nothing' });
    return out;
  }
  walk('');
  if (out.length === 0 && problems.length === 0) {
    problems.push({
      file: inputRoot,
      message: 'expected at least one input file under <channel>/, found none',
    });
  }
  return out.sort();
}

/** Runs the job over the given directories; throws RedactInputError (nothing written) on bad config or input. */
export async function runProcessingJob(
  env: Readonly<Record<string, string | undefined>>,
  paths: ProcessingPaths = SAGEMAKER_PATHS,
): Promise<Report> {
  const config = configFromEnv(env);
  const problems: InputProblem[] = [];
  const inputs = listInputs(paths.inputRoot, problems);
  if (problems.length) throw new RedactInputError(problems);
  const dataRoot = path.join(paths.outputRoot, 'data');
  const jobs: FileJob[] = inputs.map((rel) => ({
    input: path.join(paths.inputRoot, rel),
    output: path.join(dataRoot, rel),
    name: rel,
  }));
  const report = await redactFiles(jobs, {
    format: config.format,
    pseudonyms: config.pseudonyms,
    types: config.types,
    csvDelimiter: config.csvDelimiter,
    csvHeader: config.csvHeader,
  });
  fs.writeFileSync(path.join(paths.outputRoot, 'report.json'), JSON.stringify(report, null, 2) + '\n', {
    mode: 0o600,
  });
  return report;
}

/** The container's main: exit 0 when done, 2 on bad configuration or input, 1 on anything else. */
export async function main(
  env: Readonly<Record<string, string | undefined>>,
  paths: ProcessingPaths = SAGEMAKER_PATHS,
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<number> {
  try {
    const report = await runProcessingJob(env, paths);
    log(
      `redacted ${report.totals.files} file(s), ${report.totals.records} record(s), ${report.totals.entitiesTotal} entities; report at ${path.join(paths.outputRoot, 'report.json')}`,
    );
    return 0;
  } catch (err) {
    if (err instanceof RedactInputError) {
      log(
        `redaction refused, nothing was written:\n${err.problems.map((p) => `  ${formatInputProblem(p)}`).join('\n')}`,
      );
      return 2;
    }
    // An unexpected error's message could quote data (a library's parse error, say): log its kind and where
    // it was thrown, not its message.
    const frames = err instanceof Error ? (err.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
    log(
      `redaction failed with an internal error (${err instanceof Error ? err.name : typeof err}); nothing was written\n${frames.join('\n')}`,
    );
    return 1;
  }
}
