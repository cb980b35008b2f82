#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT, FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../lib/app';
import { ConfigError, loadProjects } from '../lib/config';

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

// All stacks live in Stages, and the CLI judges validation only for the stacks it selected: a plain
// `cdk synth` selects none and would pass whatever the packs found. The app fails itself instead:
// it prints the report and exits 1 (process mode: a report, not a stack trace).
const app = new App({
  postCliContext: { [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true, [CDK_APP_MODE_CONTEXT]: 'process' },
});
buildApp(app, projects);
app.synth();
