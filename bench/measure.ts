// One measurement in a fresh process: `tsx bench/measure.ts synth|check DIR` prints
// {"ms": ..., "timings": {...}}. Module loading is not counted (it is the same for both).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { checkProjects } from '../lib/checked-app';
import { loadProjects } from '../lib/config';
import { ProjectStage } from '../lib/infra/project-stage';
import { readCdkContext } from '../lib/config/cdk-json';

const [mode, dir] = process.argv.slice(2);
const context = readCdkContext(path.join(__dirname, '..'));
const start = performance.now();
const projects = loadProjects(dir);
let timings: Record<string, number> = {};
if (mode === 'synth') {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-'));
  const app = new App({ context, outdir, builtinCloudFormationValidation: false });
  for (const p of projects) new ProjectStage(app, { project: p.config });
  app.synth();
  fs.rmSync(outdir, { recursive: true, force: true });
} else {
  const report = checkProjects(projects, context);
  if (report.findings.length > 0) throw new Error(`bench projects have ${report.findings.length} finding(s)`);
  timings = { ...report.timings };
}
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, timings })}\n`);
