/**
 * Runs once per `jest` run, before any test file: synthesizes the test project once, so the test files
 * that need a whole project's templates read them instead of synthesizing again (a project synth
 * costs several CPU-seconds; the suite has a CPU budget, see the README).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectStage } from '../../lib/infra/project-stage';
import { newApp, sharedProject } from '../helpers';
import { ASSEMBLY_ENV } from './assembly';

export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-test-run-'));
  const app = newApp({ outdir: path.join(root, 'assembly') });
  const stage = new ProjectStage(app, { project: sharedProject() });
  const dir = stage.synth().directory;
  process.env[ASSEMBLY_ENV] = dir;
  process.env.ISOTRAIN_TEST_RUN_DIR = root;
}
