import { InputError } from '../contract';

/** One thing wrong with an input file: where (file, line, field) and what was expected. Never the data itself. */
export interface InputProblem {
  readonly file: string;
  /** 1-based line number, when the problem is on a line. */
  readonly line?: number;
  /** JSON path or CSV column, when known. */
  readonly field?: string;
  readonly message: string;
}

export function formatInputProblem(p: InputProblem): string {
  const where = [p.file, p.line === undefined ? undefined : `line ${p.line}`, p.field]
    .filter(Boolean)
    .join(': ');
  return `${where}: ${p.message}`;
}

/**
 * Thrown with every problem found in every input, after reading them all. The messages name file, line and
 * expectation but quote none of the content: the content is what must not leak (into logs, or into a
 * SageMaker job's FailureReason, which leaves the VPC).
 */
export class RedactInputError extends InputError {
  constructor(public readonly problems: readonly InputProblem[]) {
    super(problems.map(formatInputProblem).join('\n'));
    this.name = 'RedactInputError';
  }
}
