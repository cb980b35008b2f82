import * as fs from 'node:fs';
import { redactFiles } from './file';
import type { InputProblem } from './problems';
import { RedactInputError } from './problems';
import type { FileFormat, Report } from './report';
import { ENTITY_TYPES, type EntityType } from './types';

export interface LocalRedaction {
  readonly input: string;
  readonly output: string;
  readonly report: string;
  /** The input as the user spelled it, for the report and messages. */
  readonly name: string;
  readonly pseudonyms: boolean;
  readonly types?: readonly string[];
  /** `auto` or undefined: by extension. */
  readonly format?: string;
}

const FORMATS = ['auto', 'jsonl', 'csv', 'text'];

/**
 * `isotrain redact --local`: checks the options (every problem at once, naming the flag and value),
 * redacts one file and writes the report (counts only) beside it. Nothing is written on bad input.
 */
export async function redactLocal(job: LocalRedaction): Promise<Report> {
  const problems: InputProblem[] = [];
  const unknown = (job.types ?? []).filter((t) => !(ENTITY_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0 || (job.types && job.types.length === 0))
    problems.push({
      file: 'command line',
      field: '--types',
      message: `expected entity types from ${ENTITY_TYPES.join(', ')}, got ${JSON.stringify((job.types ?? []).join(','))}`,
    });
  if (job.format !== undefined && !FORMATS.includes(job.format))
    problems.push({
      file: 'command line',
      field: '--format',
      message: `expected one of ${FORMATS.join(', ')}, got ${JSON.stringify(job.format)}`,
    });
  if (job.output === job.input || job.report === job.input)
    problems.push({ file: job.name, message: 'expected OUT and the report to be other files than IN' });
  if (problems.length > 0) throw new RedactInputError(problems);
  const report = await redactFiles([{ input: job.input, output: job.output, name: job.name }], {
    pseudonyms: job.pseudonyms,
    types: job.types as EntityType[] | undefined,
    format: job.format === 'auto' ? undefined : (job.format as FileFormat | undefined),
  });
  fs.writeFileSync(job.report, JSON.stringify(report, null, 2) + '\n', { mode: 0o600 });
  return report;
}
