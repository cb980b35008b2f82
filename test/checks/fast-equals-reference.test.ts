/**
 * The fast way of running every check finds exactly what the plain way finds: the whole report of
 * the example (the tests' own copy, test/fixtures/projects/example/) beside two more projects (three
 * Stages, fifteen stacks), every check on (cdk-nag packs, Isolation, Control Tower, cfn-lint),
 * compared field by field. The plain way runs
 * the Control Tower controls as one cfn-guard pass of every rule over every template
 * (`guardPlan: 'single'`); the fast way groups the rules by what they read and checks identical
 * reduced templates once. Only the timings may differ.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeProjects } from '../../bench/projects';
import { checkProjects } from '../../lib/checked-app';
import { CheckReport } from '../../lib/checks/findings';
import { loadProjects } from '../../lib/config';
import { CDK_CONTEXT } from '../helpers';
import { EXAMPLE_FIXTURE as EXAMPLE } from '../support/fixture-projects';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-fast-reference-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Everything a reader of the report sees; the timings are the only field allowed to differ. */
function comparable(report: CheckReport): unknown {
  const { timings, ...rest } = report;
  expect(Object.keys(timings).length).toBeGreaterThan(0);
  return rest;
}

describe('the fast check and the plain check report the same, to the last field', () => {
  let fast: CheckReport;
  let plain: CheckReport;
  beforeAll(() => {
    const dir = path.join(work, 'projects');
    writeProjects(EXAMPLE, dir, 2);
    fs.copyFileSync(EXAMPLE, path.join(dir, 'example.yaml'));
    const projects = loadProjects(dir);
    expect(projects.map((p) => p.config.name).sort()).toEqual(['bench-001', 'bench-002', 'example']);
    fast = checkProjects(projects, CDK_CONTEXT);
    plain = checkProjects(projects, CDK_CONTEXT, { guardPlan: 'single' });
  });

  test('every check ran over every stack of the three projects', () => {
    expect(fast.stacks).toHaveLength(15);
    expect(fast.packs).toEqual(expect.arrayContaining(['AwsSolutions', 'Isolation', 'ControlTower']));
    expect(fast.tools.map((t) => t.name)).toEqual(['cfn-lint']);
    // Not a comparison of two empty reports: each kind of result is there to compare.
    expect(fast.guardAcknowledgments.length).toBeGreaterThan(10);
    expect(fast.acknowledgments.length).toBeGreaterThan(10);
    expect(fast.evidence.length).toBeGreaterThan(100);
    expect(fast.resources.length).toBeGreaterThan(100);
  });

  test('findings, acknowledgments, evidence, notes and costs are identical', () => {
    expect(comparable(fast)).toEqual(comparable(plain));
  });
});
