// `npm run docs`: regenerates the reference pages in docs/reference/ that restate code. The pages are
// written as generated (prettier skips them: .prettierignore), so the currency test compares bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedPages } from './pages';

const ROOT = path.join(__dirname, '..', '..');

if (require.main === module) {
  for (const [file, text] of Object.entries(generatedPages())) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), text);
    process.stdout.write(`wrote ${file}\n`);
  }
}
