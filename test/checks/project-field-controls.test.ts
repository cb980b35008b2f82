import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCfnLint } from '../../lib/checks/cfn-lint';
import {
  PROJECT_FIELD_CONTROLS,
  bundledRuleFiles,
  controlId,
  projectFieldProblems,
} from '../../lib/checks/control-tower';
import { projectFieldOf } from '../../lib/checks/engine/project-field-controls';
import { buildApp } from '../../lib/checked-app/app';
import {
  AuditSchema,
  INTERFACE_ENDPOINT_SERVICES,
  LOG_RETENTION_DAYS,
  ProjectConfig,
  RetentionSchema,
  TrainingSchema,
  WIPE_MODES,
} from '../../lib/config';
import { newApp, project } from '../helpers';

/** The smallest and largest value the project schema accepts for an integer field. */
const bounds = (field: { unwrap(): { minValue: number | null; maxValue: number | null } }) => {
  const n = field.unwrap();
  return { min: n.minValue!, max: n.maxValue! };
};
const r = RetentionSchema.shape;
// Only what the schema accepts: it refuses values a compliance control would fail (test/config/gate.test.ts).
const AUDIT_MODES = (['COMPLIANCE', 'GOVERNANCE'] as const).filter(
  (m) => AuditSchema.shape.objectLockMode.safeParse(m).success,
);
const accepted = (field: { safeParse(v: unknown): { success: boolean } }) =>
  LOG_RETENTION_DAYS.filter((n) => field.safeParse(n).success);
const retention = (end: 'min' | 'max') => ({
  trainingDataDays: bounds(r.trainingDataDays)[end],
  noncurrentVersionDays: bounds(r.noncurrentVersionDays)[end],
  checkpointDays: bounds(r.checkpointDays)[end],
  auditDays: bounds(r.auditDays)[end],
  logDays: end === 'min' ? accepted(r.logDays)[0] : accepted(r.logDays).at(-1),
  jobLogDays: end === 'min' ? accepted(r.jobLogDays)[0] : accepted(r.jobLogDays).at(-1),
});

/**
 * Every extreme the project schema accepts today, in three projects: the smallest value of every
 * field, the largest, and the example (`retention.logDays: 90`, the rest defaults).
 */
const PROJECTS: ProjectConfig[] = [
  project({
    name: 'lowest',
    network: { cidr: '10.41.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    retention: retention('min'),
    audit: { objectLockMode: AUDIT_MODES.at(-1) },
    wipeAfterTraining: WIPE_MODES[0],
    tags: { owner: 'a@example.com', dataClassification: 'internal' },
    training: {
      ecrRepositories: ['isotrain/finetune'],
      maxRuntimeSeconds: bounds(TrainingSchema.shape.maxRuntimeSeconds).min,
      instanceTypes: ['ml.g5.xlarge'],
    },
  } as never),
  project({
    name: 'highest',
    account: '444455556666',
    network: {
      cidr: '10.42.0.0/16',
      // Six zones (the schema's maximum) make the launcher policy exceed IAM's size limit, which synth
      // refuses on its own (LauncherPolicy, naming training.instanceTypes): three, as eu-west-1 has.
      availabilityZones: ['a', 'b', 'c'].map((z) => `eu-west-1${z}`),
      interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES],
    },
    retention: retention('max'),
    audit: { objectLockMode: AUDIT_MODES[0] },
    wipeAfterTraining: WIPE_MODES[WIPE_MODES.length - 1],
    alerts: { emails: ['a@example.com', 'b@example.com'] },
    tags: { owner: 'a@example.com', dataClassification: 'restricted' },
    training: {
      ecrRepositories: ['arn:aws:ecr:eu-west-1:444455556666:repository/isotrain/finetune'],
      maxRuntimeSeconds: bounds(TrainingSchema.shape.maxRuntimeSeconds).max,
      createSageMakerLogGroup: false,
    },
  } as never),
  // The example, which the schema now refuses: built past the schema, as a project file
  // written for an older isotrain would be, synth still names the field and the control.
  ((p) => ({ ...p, retention: { ...p.retention, logDays: 90 } }))(
    project({
      name: 'issue',
      account: '777788889999',
      network: { cidr: '10.43.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    }),
  ),
];

interface Violation {
  readonly rule: string;
  readonly description: string;
  readonly project: string;
  readonly resource: { Type: string; Properties: Record<string, unknown> };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-fields-'));
let thrown: unknown;
let violations: Violation[];
let templates: string[];
const guardRules = new Set<string>();

beforeAll(() => {
  const outdir = path.join(work, 'out');
  const app = newApp({ outdir, builtinCloudFormationValidation: false });
  buildApp(app, PROJECTS, { acknowledgments: [] });
  try {
    app.synth();
  } catch (e) {
    thrown = e;
  }
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  for (const f of bundledRuleFiles()) {
    for (const m of fs.readFileSync(f.file, 'utf8').matchAll(/^rule (\w+) when/gm)) guardRules.add(m[1]);
  }
  violations = report.pluginReports
    .flatMap((p: any) => p.violations)
    .filter((v: any) => guardRules.has(v.ruleName))
    .flatMap((v: any) =>
      v.violatingConstructs.map((c: any) => {
        const template = JSON.parse(
          fs.readFileSync(path.join(outdir, c.cloudFormationResource.templatePath), 'utf8'),
        );
        return {
          rule: v.ruleName,
          description: v.description,
          project: c.constructPath.split('/')[0],
          resource: template.Resources[c.cloudFormationResource.logicalId],
        };
      }),
    );
  templates = fs
    .readdirSync(outdir)
    .filter((d) => d.startsWith('assembly-'))
    .flatMap((d) =>
      fs
        .readdirSync(path.join(outdir, d))
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => path.join(outdir, d, f)),
    );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('PROJECT_FIELD_CONTROLS is complete for every value the project schema accepts', () => {
  test('cdk synth fails on the Control Tower controls (they run at synth)', () => {
    expect(thrown).toBeDefined();
    expect(violations.length).toBeGreaterThan(0);
  });

  test('every Control Tower finding at a schema-accepted extreme comes from a field the table names', () => {
    const config = new Map(PROJECTS.map((p) => [p.name, p]));
    const unmapped = violations.filter((v) => !projectFieldOf(v.rule, v.resource, config.get(v.project)));
    expect(
      unmapped.map((v) => `${v.project}: ${controlId(v.description) ?? v.rule} on ${v.resource.Type}`),
    ).toEqual([]);
  });

  test('the table is truthful: a project fails a control exactly where its value is below the minimum', () => {
    for (const p of PROJECTS) {
      const failing = PROJECT_FIELD_CONTROLS.filter((c) =>
        projectFieldProblems(p).some((x) => x.field === c.field),
      );
      const found = new Set(
        violations.filter((v) => v.project === p.name).map((v) => controlId(v.description)),
      );
      expect([...found].sort()).toEqual(failing.map((c) => c.control).sort());
    }
  });

  test('synth names the field, the control and the value, in project-file terms', () => {
    expect(String(thrown)).toMatch(
      /retention\.logDays: expected at least 365 \(Control Tower CT\.CLOUDWATCH\.PR\.2\), got 90/,
    );
    expect(String(thrown)).toMatch(
      /Suggested fix: Set retention\.logDays in the project file to at least 365\./,
    );
    expect(violations.filter((v) => v.project === 'issue').map((v) => v.description.split('. [')[0])).toEqual(
      expect.arrayContaining([
        'retention.logDays: expected at least 365 (Control Tower CT.CLOUDWATCH.PR.2), got 90',
      ]),
    );
    expect(violations.filter((v) => v.project === 'highest')).toEqual([]);
  });

  test('cfn-lint, which runs in isotrain check only, has no error at any extreme', () => {
    const lint = runCfnLint(templates);
    expect(lint.available).toBe(true);
    expect(
      lint.matches
        .filter((m) => m.level === 'error')
        .map((m) => `${path.basename(m.file)} ${m.rule} ${m.message}`),
    ).toEqual([]);
  });
});

describe('projectFieldProblems: what the schema can refuse up front', () => {
  test.each([
    [
      { retention: { logDays: 90 } },
      ['retention.logDays: expected at least 365 (Control Tower CT.CLOUDWATCH.PR.2), got 90'],
    ],
    [{ retention: { logDays: 365 } }, []],
    [{ retention: {} }, []],
    [{}, []],
  ])('%j → %j', (config, messages) => {
    expect(projectFieldProblems(config).map((p) => p.message)).toEqual(messages);
  });
});
