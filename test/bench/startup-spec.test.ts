import * as path from 'node:path';
import { parse } from 'yaml';
import { startupSpec } from '../../bench/startup';
import { loadProject } from '../../lib/launcher/projects';
import { redactionGateProblems } from '../../lib/launcher/redaction/gate';
import { JobSpecSchema } from '../../lib/launcher/spec';
import { EXAMPLE_FIXTURE } from '../support/fixture-projects';

// `npm run bench` times `isotrain train --dry-run` on this spec and stops when the CLI refuses it.
test("the start-up bench's dry-run spec passes the example project's redaction gate", () => {
  const project = loadProject(path.dirname(EXAMPLE_FIXTURE), 'example').config;
  expect(project.training.requireRedaction).toBe(true);
  const spec = JobSpecSchema.parse(parse(startupSpec()));
  expect(redactionGateProblems(spec, 'bench spec', project, 'example.yaml')).toEqual([]);
});
