import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERROR_TABLE } from '../../lib/aws/errors';
import { regenerate } from '../../lib/cli/docs';

const ROOT = path.join(__dirname, '..', '..');
const FILE = path.join(ROOT, 'docs', 'cli.md');

/** Formats Markdown as `npm run format` does (prettier's API needs ESM that jest does not load). */
function prettier(markdown: string): string {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prettier'), ['--stdin-filepath', FILE], {
    input: markdown,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describe('docs/cli.md', () => {
  test('its generated sections are what the code says now (npm run docs:cli rewrites them)', () => {
    const committed = fs.readFileSync(FILE, 'utf8');
    expect(prettier(regenerate(committed))).toBe(committed);
  });

  test('lists every row of the error table and every command', () => {
    const committed = fs.readFileSync(FILE, 'utf8');
    for (const row of ERROR_TABLE) expect(committed).toMatch(new RegExp(`^\\| ${row.code} +\\|`, 'm'));
    for (const command of [
      'check',
      'train',
      'status',
      'stop',
      'jobs',
      'runs',
      'show',
      'verify',
      'finalize',
      'evaluate',
      'release',
    ])
      expect(committed).toMatch(new RegExp(`^### ${command}\\n\\n\`\`\`\\nUsage: isotrain ${command} `, 'm'));
  });
});
