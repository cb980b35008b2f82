/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- project files are untyped YAML until loaded */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';

/** The project file the bench copies: the bundled example, or the first project of the repository. */
export function baseProject(projectsDir: string): string {
  const example = path.join(projectsDir, 'example.yaml');
  if (fs.existsSync(example)) return example;
  const first = fs
    .readdirSync(projectsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()[0];
  if (!first) throw new Error(`no project file in ${projectsDir} to bench with`);
  return path.join(projectsDir, first);
}

/**
 * Writes n project files derived from a project: distinct names, accounts and ranges, so they pass
 * the cross-project checks and synthesize n independent Stages.
 */
export function writeProjects(base: string, dir: string, n: number): void {
  const project = YAML.parse(fs.readFileSync(base, 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= n; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const account = String(100000000000 + i);
    const copy = {
      ...project,
      name,
      account,
      network: { ...project.network, cidr: `10.${i}.0.0/16` },
      training: {
        ...project.training,
        // Repositories in the project's own account, as the example has them.
        ecrRepositories: ((project.training?.ecrRepositories ?? []) as string[]).map((r) =>
          r.replace(/:[0-9]{12}:/, `:${account}:`),
        ),
      },
    };
    fs.writeFileSync(path.join(dir, `${name}.yaml`), YAML.stringify(copy));
  }
}
