#!/usr/bin/env node
import { Stack } from 'aws-cdk-lib';
import { buildApp, createApp } from '../lib/checked-app/app';
import { stageSelectorHint, synthSummary } from '../lib/checked-app/stage-selector';
import { ConfigError, loadProjects } from '../lib/config';
import { cdkCliArgs } from './app-cli-args';

// Configuration is read here and only here; everything below receives typed props.
const projectsDir = process.env.ISOTRAIN_PROJECTS_DIR ?? 'projects';

let projects;
try {
  projects = loadProjects(projectsDir).map((p) => p.config);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(
    `isotrain: the project files have ${e.problems.length} problem(s); nothing was synthesized:\n`,
  );
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}

// `cdk diff`/`deploy`/`destroy` without a selector would select none of the projects' stacks and
// report success: say what to type instead, and stop before a synth whose result nothing would use.
const cliArgs = cdkCliArgs(process.env);
const hint =
  cliArgs &&
  stageSelectorHint(
    cliArgs,
    projects.map((p) => p.name),
  );
if (hint) {
  process.stderr.write(hint);
  process.exit(2);
}

const app = createApp();
const stages = buildApp(app, projects);
app.synth();

// `cdk synth` without a selector ends with the CLI's "Supply a stack id ()": say what it means here.
const summary =
  cliArgs &&
  synthSummary(
    cliArgs,
    new Map(stages.map((s) => [s.stageName, s.node.children.filter(Stack.isStack).map((c) => c.node.id)])),
  );
if (summary) process.stderr.write(summary);
