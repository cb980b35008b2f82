import * as fs from 'node:fs';
import * as path from 'node:path';
import { docTables, withDocTables } from '../../lib/checks/engine/doc-tables';

const FILE = path.join(__dirname, '..', '..', 'docs', 'checks.md');

test('docs/checks.md restates the tables of the code as they are', () => {
  const text = fs.readFileSync(FILE, 'utf8');
  for (const name of Object.keys(docTables())) expect(text).toContain(`<!-- generated:${name} -->`);
  // On failure: npx tsx -e "const fs=require('fs');const {withDocTables}=require('./lib/checks/engine/doc-tables');fs.writeFileSync('docs/checks.md',withDocTables(fs.readFileSync('docs/checks.md','utf8')))"
  expect(text).toBe(withDocTables(text));
});
