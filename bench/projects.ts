/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';

/**
 * Writes n project files derived from the bundled example: distinct names, accounts and ranges,
 * so they pass the cross-project checks and synthesize n independent Stages.
 */
export function writeProjects(example: string, dir: string, n: number): void {
  const base = YAML.parse(fs.readFileSync(example, 'utf8'));
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= n; i++) {
    const name = `bench-${String(i).padStart(3, '0')}`;
    const project = {
      ...base,
      name,
      account: String(100000000000 + i),
      network: { ...base.network, cidr: `10.${i}.0.0/16` },
    };
    fs.writeFileSync(path.join(dir, `${name}.yaml`), YAML.stringify(project));
  }
}
