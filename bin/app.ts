#!/usr/bin/env node
import { buildApp, createApp } from '../lib/checked-app/app';
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

const app = createApp();
buildApp(app, projects);
app.synth();
