import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import { ProjectStage } from '../lib/infra/project-stage';
import { newApp, project } from './helpers';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Writes an acknowledgment ID the way the docs do: no logical-ID hashes, account, region or project. */
export function generalise(id: string, p: { name: string; account: string; region: string }): string {
  return id
    .replace(/<([A-Za-z]+)[0-9A-F]{8}\.Arn>/g, '<$1….Arn>')
    .split(p.account)
    .join('<account>')
    .split(p.region)
    .join('<region>')
    .replace(new RegExp(`([:/])${p.name}(--?)\\*`, 'g'), '$1<project>$2*');
}

describe('README', () => {
  test('starts with the two commands CI runs', () => {
    const firstBlock = README.split('```')[1];
    expect(firstBlock).toMatch(/npm ci && npx cdk synth/);
    expect(firstBlock).toMatch(/npm test/);
    expect(read('.ci/run')).toMatch(/npm ci\nnpm test\nnpx cdk synth/);
  });

  test('a newcomer reads it in five minutes: at most 200 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(200);
  });

  test('every link into the repository leads to a file that exists', () => {
    const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter(
      (f) => f.endsWith('.md'),
    );
    const broken: string[] = [];
    for (const file of files) {
      for (const m of read(file).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue;
        if (!fs.existsSync(path.join(ROOT, path.dirname(file), m[1]))) broken.push(`${file}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('docs/acknowledgments.md', () => {
  test('lists every acknowledged finding of a project', () => {
    const config = project();
    const stage = new ProjectStage(newApp(), { project: config });
    const stacks = stage.node.children.filter((c): c is Stack => Stack.isStack(c));
    const ids = new Set<string>();
    for (const stack of stacks) {
      for (const r of Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>)) {
        for (const s of r.Metadata?.cdk_nag?.rules_to_suppress ?? []) ids.add(generalise(s.id, config));
      }
    }
    expect(ids.size).toBeGreaterThan(0);
    const doc = read('docs/acknowledgments.md');
    const section = doc.slice(doc.indexOf('## Acknowledged findings of the AWS packs'));
    expect([...ids].filter((id) => !section.includes(`\`${id}\``))).toEqual([]);
  });
});
