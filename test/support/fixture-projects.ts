/**
 * The tests' own project files. No test reads the repository's projects/ except the few that are
 * about it (listed in test/lint/shipped-projects.test.ts): a user who replaces projects/example.yaml
 * with their own project keeps a passing `npm test`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The example project as a fresh clone ships it (test/fixtures/projects/example/). */
export const EXAMPLE_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'projects', 'example', 'example.yaml');

/** The repository's own project files: what `npx cdk synth` and `npm run compliance` read. */
export const SHIPPED_PROJECTS = path.join(ROOT, 'projects');

export interface Identity {
  readonly name: string;
  readonly account: string;
  readonly cidr: string;
}

/** The example fixture as another project: its name, its account (everywhere, images included), its range. */
export function exampleAs(identity: Identity): string {
  const text = fs.readFileSync(EXAMPLE_FIXTURE, 'utf8');
  const replaced = text
    .replace(/^name: example\b.*$/m, `name: ${identity.name}`)
    .replace('10.40.0.0/16', identity.cidr)
    .split('111122223333')
    .join(identity.account);
  // The fixture must still be the example it claims to be: a silent miss would test another project.
  for (const value of [`name: ${identity.name}`, identity.cidr, `account: '${identity.account}'`])
    if (!replaced.includes(value))
      throw new Error(
        `${EXAMPLE_FIXTURE}: expected the example's name, range and account, found no ${value}`,
      );
  return replaced;
}

/** A fresh directory holding these project files (file name → content). */
export function projectsDir(files: Readonly<Record<string, string>>, prefix = 'isotrain-projects-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}
