import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { Stack } from 'aws-cdk-lib';
import { loadProjects } from '../lib/config';
import { ProjectStage } from '../lib/infra/project-stage';
import { newApp } from './helpers';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** Writes an acknowledgment ID the way the README does: no logical-ID hashes, account, region or project. */
export function generalise(id: string, project: { name: string; account: string; region: string }): string {
  return id
    .replace(/<([A-Za-z]+)[0-9A-F]{8}\.Arn>/g, '<$1….Arn>')
    .split(project.account)
    .join('<account>')
    .split(project.region)
    .join('<region>')
    .replace(new RegExp(`([:/])${project.name}(--?)\\*`, 'g'), '$1<project>$2*');
}

describe('README', () => {
  test('starts with the two commands CI runs', () => {
    const firstBlock = README.split('```')[1];
    expect(firstBlock).toMatch(/npm ci && npx cdk synth/);
    expect(firstBlock).toMatch(/npm test/);
    expect(fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8')).toMatch(
      /npm ci\nnpm test\nnpx cdk synth/,
    );
  });

  test('lists every acknowledged finding of the example project', () => {
    const [{ config }] = loadProjects(path.join(__dirname, '..', 'projects')).filter(
      (p) => p.config.name === 'example',
    );
    const stage = new ProjectStage(newApp(), { project: config });
    const stacks = stage.node.children.filter((c): c is Stack => Stack.isStack(c));
    const ids = new Set<string>();
    for (const stack of stacks) {
      for (const r of Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, any>)) {
        for (const s of r.Metadata?.cdk_nag?.rules_to_suppress ?? []) ids.add(generalise(s.id, config));
      }
    }
    expect(ids.size).toBeGreaterThan(0);
    const section = README.slice(README.indexOf('## Acknowledged findings'), README.indexOf('## Outputs'));
    const missing = [...ids].filter((id) => !section.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  test('documents every project-file field', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(__dirname, '..', 'projects', 'project.schema.json'), 'utf8'),
    );
    const fields = (node: any, prefix = ''): string[] =>
      Object.entries(node.properties ?? {}).flatMap(([k, v]: [string, any]) =>
        v.type === 'object' && v.properties ? fields(v, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    const section = README.slice(README.indexOf('## Project file'), README.indexOf('## Controls'));
    const documented = (f: string) =>
      new RegExp(`^\\|\\s*\`${f.replace(/\./g, '\\.')}\`\\s*\\|`, 'm').test(section);
    expect(fields(schema).filter((f) => !documented(f))).toEqual([]);
  });
});
