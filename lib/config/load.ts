import * as fs from 'node:fs';
import * as path from 'node:path';
import { cidrsOverlap, parseCidr } from './cidr';
import { parseYamlDocument } from './document';
import { ConfigError, ConfigProblem } from './problems';
import { ProjectConfig, ProjectSchema } from './schema';
import { jobNamePrefix } from '../contract';

export * from './problems';

/** A loaded project and the file it came from. */
export interface LoadedProject {
  readonly file: string;
  readonly config: ProjectConfig;
}

/** Parses one project document. Returns problems instead of throwing so all files report at once. */
export function parseProject(
  file: string,
  source: string,
): { config?: ProjectConfig; problems: ConfigProblem[] } {
  const { value, problems } = parseYamlDocument(file, source, ProjectSchema, 'project');
  return { config: value, problems };
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
      const [pa, pb] = [jobNamePrefix(a.config.name), jobNamePrefix(b.config.name)];
      if (a.config.name !== b.config.name && (pa.startsWith(pb) || pb.startsWith(pa))) {
        problems.push({
          file: a.file,
          field: 'name',
          message: `expected a name whose job names (${pa}...) cannot be taken for those of another project, got "${a.config.name}", which overlaps "${b.config.name}" of ${b.file}`,
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
