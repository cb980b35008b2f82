import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { cidrsOverlap, parseCidr } from './cidr';
import { ProjectConfig, ProjectSchema } from './schema';

/** One thing wrong with one project file: where, which field, what was expected, what was found. */
export interface ConfigProblem {
  readonly file: string;
  /** Dotted path of the field (`retention.trainingDataDays`), empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

/** Thrown with every problem found across all project files, never just the first. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** A loaded project and the file it came from. */
export interface LoadedProject {
  readonly file: string;
  readonly config: ProjectConfig;
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

/** Parses one project document. Returns problems instead of throwing so all files report at once. */
export function parseProject(
  file: string,
  source: string,
): { config?: ProjectConfig; problems: ConfigProblem[] } {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        field: '',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      problems: [
        { file, field: '', message: `expected a mapping of project fields, got ${describeValue(raw)}` },
      ],
    };
  }
  const result = ProjectSchema.safeParse(raw);
  if (!result.success) return { problems: problemsFromIssues(file, raw, result.error.issues) };
  return { config: result.data, problems: [] };
}

/** Problems that only appear when projects are seen together. */
export function crossProjectProblems(projects: readonly LoadedProject[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  projects.forEach((a, i) => {
    for (const b of projects.slice(0, i)) {
      if (a.config.name === b.config.name) {
        problems.push({
          file: a.file,
          field: 'name',
          message: `expected a name unique across projects, got "${a.config.name}", already used by ${b.file}`,
        });
      }
      const sameAccount = a.config.account === b.config.account;
      if (sameAccount && cidrsOverlap(parseCidr(a.config.network.cidr)!, parseCidr(b.config.network.cidr)!)) {
        problems.push({
          file: a.file,
          field: 'network.cidr',
          message: `expected a range that does not overlap other projects in account ${a.config.account}, got "${a.config.network.cidr}", which overlaps "${b.config.network.cidr}" of ${b.file}`,
        });
      }
      if (
        sameAccount &&
        a.config.region === b.config.region &&
        a.config.training.createSageMakerLogGroup &&
        b.config.training.createSageMakerLogGroup
      ) {
        problems.push({
          file: a.file,
          field: 'training.createSageMakerLogGroup',
          message: `expected false: ${b.file} already creates the account-wide /aws/sagemaker/TrainingJobs log group in ${a.config.account}/${a.config.region}, got true`,
        });
      }
    }
  });
  return problems;
}

/** Loads and validates every `*.yaml` / `*.yml` file in a directory, in name order. */
export function loadProjects(dir: string): LoadedProject[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError([
      { file: dir, field: '', message: 'expected a directory of project files, found none' },
    ]);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) {
    throw new ConfigError([
      { file: dir, field: '', message: 'expected at least one project file (*.yaml), found none' },
    ]);
  }
  const problems: ConfigProblem[] = [];
  const loaded: LoadedProject[] = [];
  for (const file of files) {
    const result = parseProject(file, fs.readFileSync(file, 'utf8'));
    problems.push(...result.problems);
    if (result.config) loaded.push({ file, config: result.config });
  }
  problems.push(...crossProjectProblems(loaded));
  if (problems.length > 0) throw new ConfigError(problems);
  return loaded;
}
