#!/usr/bin/env node
import { buildApp, createApp } from '../lib/checked-app/app';
import { stageSelectorHint } from '../lib/checked-app/stage-selector';
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
buildApp(app, projects);
app.synth();
