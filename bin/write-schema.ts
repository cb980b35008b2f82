// Regenerates projects/project.schema.json from the zod schema: `npm run schema`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectJsonSchemaText } from '../lib/config/json-schema';

const target = path.join(__dirname, '..', 'projects', 'project.schema.json');
fs.writeFileSync(target, projectJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
