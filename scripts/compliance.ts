// `npm run compliance`: checks every project with every pack and writes the report folder that CI
// publishes: one file per format, and a Markdown evidence report per project.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { progressPrinter } from '../lib/checks/engine/progress';
import { evidenceReport } from '../lib/checks/evidence';
import { EXTENSIONS, FORMATS, render } from '../lib/checks/reporters';
import { checkProjects } from '../lib/checked-app';
import { ConfigError, loadProjects } from '../lib/config';
import { readCdkContext } from '../lib/config/cdk-json';
import { InputError } from '../lib/contract';

const cwd = process.cwd();
const out = path.resolve(cwd, process.env.ISOTRAIN_REPORTS_DIR ?? 'reports');
const projectsDir = path.resolve(cwd, process.env.ISOTRAIN_PROJECTS_DIR ?? 'projects');

let projects;
try {
  projects = loadProjects(projectsDir);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`compliance: the project files have problems:\n${e.message}\n`);
  process.exit(2);
}
const context = readCdkContext(cwd);
const started = Date.now();
const progress = progressPrinter(process.stderr, 'compliance');
let report;
try {
  report = checkProjects(projects, context, { onProgress: progress.onProgress });
} catch (e) {
  progress.done();
  if (!(e instanceof InputError)) throw e;
  process.stderr.write(`compliance: ${e.message}\n`);
  process.exit(2);
}
progress.done();

fs.mkdirSync(out, { recursive: true });
const written: string[] = [];
for (const format of FORMATS) {
  const file = path.join(out, `isotrain-check.${EXTENSIONS[format]}`);
  fs.writeFileSync(file, render(report, format, cwd));
  written.push(file);
}
for (const project of projects) {
  const file = path.join(out, `evidence-${project.config.name}.md`);
  fs.writeFileSync(file, evidenceReport(report, project.config.name));
  written.push(file);
}
for (const note of report.notes) process.stderr.write(`note: ${note}\n`);
process.stdout.write(
  `${written.map((f) => `wrote ${path.relative(cwd, f)}`).join('\n')}\n` +
    `${report.findings.length === 0 ? 'no findings' : `${report.findings.length} finding(s)`} in ${projects.length} project(s), ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.exitCode = report.findings.length === 0 ? 0 : 1;
