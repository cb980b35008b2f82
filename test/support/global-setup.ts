/**
 * Runs once per `jest` run, before any test file: synthesizes the test project once, so the test files
 * that need a whole project's templates read them instead of synthesizing again (a project synth
 * costs several CPU-seconds; the suite has a CPU budget, see test/README.md), and starts the broker
 * that lends each worker one moto server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectStage } from '../../lib/infra/project-stage';
import { newApp, sharedProject } from '../helpers';
import { ASSEMBLY_ENV } from './assembly';
import { MOTO_BROKER_ENV } from './moto';
import { startMotoBroker } from './moto-broker';
import { RUN_KEY, RunState } from './run-state';

/**
 * aws-cdk-lib validates every synthesized template with a WebAssembly CloudFormation engine that costs
 * about 8 CPU-seconds to start, in every test file that synthesizes anything. It only warns about what
 * cfn-lint reports too, and the check pipeline turns it off (lib/checked-app/check-app.ts); the real
 * `npx cdk synth` in test/synth.test.ts keeps it on, as users run it. Set here, before the workers
 * start, so every in-process synth of the run sees it.
 */
const BUILTIN_VALIDATION_ENV = 'CDK_VALIDATION';

/**
 * Every CloudFormation element records the stack trace of its creation in the assembly metadata; under
 * jest each trace goes through jest's source-map rewriting, a tenth of the CPU of a file that builds
 * many templates. Nothing here reads those traces. Context through the environment (CDK_CONTEXT_JSON)
 * reaches every App of the run, including the ones lib/checks builds to read templates.
 */
const NO_CREATION_TRACES = { 'aws:cdk:disable-creation-stack-traces': true };

export default async function globalSetup(): Promise<void> {
  process.env[BUILTIN_VALIDATION_ENV] = 'false';
  process.env.CDK_CONTEXT_JSON = JSON.stringify({
    ...(JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as Record<string, unknown>),
    ...NO_CREATION_TRACES,
  });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-test-run-'));
  const state: RunState = { root };
  (globalThis as Record<symbol, unknown>)[RUN_KEY] = state;
  process.env.ISOTRAIN_TEST_RUN_DIR = root;

  const app = newApp({ outdir: path.join(root, 'assembly') });
  const stage = new ProjectStage(app, { project: sharedProject() });
  process.env[ASSEMBLY_ENV] = stage.synth().directory;

  state.moto = await startMotoBroker();
  process.env[MOTO_BROKER_ENV] = state.moto.url;
}
