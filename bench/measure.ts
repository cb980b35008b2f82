// One measurement in a fresh process: `tsx bench/measure.ts synth|check DIR` prints
// {"ms": ..., "loadMs": ..., "timings": {...}}: `ms` from the projects being read to the end (module
// loading is the same for both modes and not counted), `loadMs` from the process start to there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { checkProjects } from '../lib/checked-app';
import { loadProjects } from '../lib/config';
import { ProjectStage } from '../lib/infra/project-stage';
import { readCdkContext } from '../lib/config/cdk-json';

/** Plain synth: the app's stages, no validation plugin, as `cdk synth` would without checks. */
function plainSynth(dir: string, context: Record<string, unknown>): Record<string, number> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-bench-'));
  const app = new App({ context, outdir, builtinCloudFormationValidation: false });
  for (const p of loadProjects(dir)) new ProjectStage(app, { project: p.config });
  app.synth();
  fs.rmSync(outdir, { recursive: true, force: true });
  return {};
}

/** `isotrain check` as the library runs it: every pack, the Control Tower controls, cfn-lint. */
function fullCheck(dir: string, context: Record<string, unknown>): Record<string, number> {
  const report = checkProjects(loadProjects(dir), context);
  if (report.findings.length > 0) throw new Error(`bench projects have ${report.findings.length} finding(s)`);
  if (!report.tools.some((t) => t.name === 'cfn-lint'))
    throw new Error('cfn-lint did not run: install it to bench');
  return { ...report.timings };
}

const [mode, dir] = process.argv.slice(2);
const context = readCdkContext(path.join(__dirname, '..'));
// performance.now() counts from the process start: Node, tsx and every module loaded so far.
const loadMs = performance.now();
const start = performance.now();
const timings = mode === 'synth' ? plainSynth(dir, context) : fullCheck(dir, context);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, loadMs, timings })}\n`);
