import type { z } from 'zod';

/** One thing wrong with one input file (project file, job spec, evaluation spec): where, which field, what was expected, what was found. */
export interface ConfigProblem {
  readonly file: string;
  /** Dotted path of the field (`retention.trainingDataDays`), empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

/** Thrown with every problem found across all input files, never just the first. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

function fieldPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${String(part)}` : String(part);
  }, '');
}

function valueAt(root: unknown, parts: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  return cur;
}

/** Turns zod issues into problems naming field, expectation and the value found in the file. */
export function problemsFromIssues(
  file: string,
  raw: unknown,
  issues: readonly z.core.$ZodIssue[],
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const at = [...issue.path, key];
        return {
          file,
          field: fieldPath(at),
          message: `${issue.message}, got ${describeValue(valueAt(raw, at))}`,
        };
      });
    }
    return [
      {
        file,
        field: fieldPath(issue.path),
        message: `${issue.message}, got ${describeValue(valueAt(raw, issue.path))}`,
      },
    ];
  });
}
