import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import {
  AcknowledgmentFileError,
  IsolationAcknowledgment,
  covers,
  parseAcknowledgments,
} from '../../lib/checks/engine/acknowledgment-file';
import { CheckReport } from '../../lib/checks/findings';
import { IsolationChecks } from '../../lib/checks/isolation-pack';
import { render } from '../../lib/checks/reporters';
import { ISOLATION_RULES } from '../../lib/checks/rules';
import { checkTemplates } from '../../lib/checks/run';
import { res } from './support';

const RULES = ISOLATION_RULES.map((r) => `Isolation-${r.id}`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-acks-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Two ways out of a VPC (NET1 on both), the gateway "acknowledged" by the template itself. */
const TEMPLATE = {
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Igw: {
      Type: 'AWS::EC2::InternetGateway',
      Metadata: {
        cdk_nag: {
          rules_to_suppress: [{ id: 'Isolation-NET1', reason: 'The template says this gateway is fine.' }],
        },
      },
    },
    Attach: {
      Type: 'AWS::EC2::VPCGatewayAttachment',
      Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } },
    },
  },
};
const ISOLATION_ONLY = { packs: 'isolation' as const, controlTower: false, cfnLint: false };

const REVIEWED = `# reviewed
acknowledgments:
  - rule: Isolation-NET1
    stack: gateway
    resource: Igw
    reason: The gateway of the demo VPC, reviewed with the data owner; no data lives there.
    approvedBy: security-review@example.com
  - rule: Isolation-NET1
    stack: gateway
    resource: GoneGateway
    reason: An older gateway that was removed since; this entry matches nothing now.
    approvedBy: security-review@example.com
`;

describe('the reviewed acknowledgments file', () => {
  test('parses each entry with the line it starts on', () => {
    const acks = parseAcknowledgments('isolation.yaml', REVIEWED, RULES);
    expect(acks.map((a) => [a.rule, a.stack, a.resource, a.line])).toEqual([
      ['Isolation-NET1', 'gateway', 'Igw', 3],
      ['Isolation-NET1', 'gateway', 'GoneGateway', 8],
    ]);
  });

  test('fails with every problem at once, each naming the file, the field and the value', () => {
    const bad = `acknowledgments:
  - rule: Isolation-NOPE
    stack: '*'
    resource: 'B*'
    reason: short
    approvedBy: ''
  - rule: AwsSolutions-S1
    stack: legal-Data
    resource: Logs
    reason: A reason that is long enough to be read.
    approvedBy: me
    extra: 1
`;
    let error: AcknowledgmentFileError | undefined;
    try {
      parseAcknowledgments('acks.yaml', bad, RULES);
    } catch (e) {
      error = e as AcknowledgmentFileError;
    }
    expect(error).toBeInstanceOf(AcknowledgmentFileError);
    const fields = error!.problems.map((p) => p.field).sort();
    expect(fields).toEqual([
      'acknowledgments[0].approvedBy',
      'acknowledgments[0].reason',
      'acknowledgments[0].resource',
      'acknowledgments[0].rule',
      'acknowledgments[0].stack',
      'acknowledgments[1].extra',
      'acknowledgments[1].rule',
    ]);
    expect(error!.message).toMatch(
      /acks\.yaml: acknowledgments\[0\]\.rule: expected an Isolation rule ID .*, got "Isolation-NOPE"/,
    );
    expect(error!.message).toMatch(
      /acknowledgments\[0\]\.stack: expected a stack name: exact, or a pattern .*, got "\*"/,
    );
  });

  test('refuses the same rule on the same resource twice', () => {
    const twice = `acknowledgments:\n${REVIEWED.split('acknowledgments:\n')[1].split('  - rule: Isolation-NET1\n    stack: gateway\n    resource: GoneGateway')[0].repeat(2)}`;
    expect(() => parseAcknowledgments('twice.yaml', twice, RULES)).toThrow(
      /expected each rule and resource once/,
    );
  });

  test.each([
    ['Isolation-NET1', 'gateway', 'Igw', 'Isolation-NET1', 'gateway', 'Igw', true],
    ['Isolation-NET1', 'gateway', 'Igw', 'Isolation-NET1', 'gateway', 'Igw2', false],
    ['Isolation-NET1', 'gateway', 'Igw', 'Isolation-NET2', 'gateway', 'Igw', false],
    ['Isolation-NET1', 'gateway', 'Igw', 'Isolation-NET1[detail]', 'gateway', 'Igw', true],
    ['Isolation-NET1[detail]', 'gateway', 'Igw', 'Isolation-NET1[other]', 'gateway', 'Igw', false],
    [
      'Isolation-LOG2',
      '*-Data',
      'TrailLogGroup????????',
      'Isolation-LOG2',
      'legal-Data',
      'TrailLogGroupAACB9536',
      true,
    ],
    [
      'Isolation-LOG2',
      '*-Data',
      'TrailLogGroup????????',
      'Isolation-LOG2',
      'legal-Data',
      'TrailLogGroupAACB9536X',
      false,
    ],
    [
      'Isolation-LOG2',
      '*-Data',
      'TrailLogGroup????????',
      'Isolation-LOG2',
      'legal-Keys',
      'TrailLogGroupAACB9536',
      false,
    ],
  ])(
    '%s on %s/%s covers %s on %s/%s: %s',
    (rule, stack, resource, findingRule, stackName, logicalId, expected) => {
      const a = { rule, stack, resource, reason: 'r', approvedBy: 'a', file: 'f' } as IsolationAcknowledgment;
      expect(covers(a, { rule: findingRule, stackName, logicalId })).toBe(expected);
    },
  );
});

describe('checking a template that acknowledges an Isolation rule in its own metadata', () => {
  let plain: CheckReport;
  let reviewed: CheckReport;
  let ackFile: string;
  beforeAll(() => {
    const template = write('gateway.json', JSON.stringify(TEMPLATE, null, 2));
    ackFile = write('isolation.yaml', REVIEWED);
    plain = checkTemplates([template], ISOLATION_ONLY);
    reviewed = checkTemplates([template], { ...ISOLATION_ONLY, acknowledgments: ackFile });
  });

  test('the metadata does not silence the finding, and the report says it was not honoured', () => {
    expect(plain.findings.map((f) => `${f.rule} ${f.logicalId}`).sort()).toEqual([
      'Isolation-NET1 Attach',
      'Isolation-NET1 Igw',
    ]);
    expect(plain.ignoredAcknowledgments).toEqual([
      expect.objectContaining({ rule: 'Isolation-NET1', stackName: 'gateway', logicalId: 'Igw', line: 9 }),
    ]);
    const text = render(plain, 'text', work);
    expect(text).toMatch(
      /not honoured .*\n\s+✗ Isolation-NET1 gateway \/ Igw: The template says this gateway is fine\./,
    );
    expect(text).toMatch(/FAILED: 2 finding\(s\)/);
    expect(text).not.toMatch(/OK: no findings/);
  });

  test('the reviewed file acknowledges exactly the resource it names, with its reason and approver', () => {
    expect(reviewed.findings.map((f) => `${f.rule} ${f.logicalId}`)).toEqual(['Isolation-NET1 Attach']);
    expect(reviewed.acknowledgments).toEqual([
      expect.objectContaining({
        source: 'reviewed-file',
        rule: 'Isolation-NET1',
        stackName: 'gateway',
        logicalId: 'Igw',
        approvedBy: 'security-review@example.com',
        acknowledgedIn: { file: ackFile, line: 3 },
      }),
    ]);
    expect(reviewed.evidence.find((e) => e.rule === 'Isolation-NET1' && e.logicalId === 'Igw')?.result).toBe(
      'acknowledged',
    );
  });

  test('an acknowledgment that matches nothing is reported as stale, with its line', () => {
    expect(reviewed.staleAcknowledgments).toEqual([
      expect.objectContaining({ rule: 'Isolation-NET1', resource: 'GoneGateway', file: ackFile, line: 8 }),
    ]);
    expect(reviewed.notes.join('\n')).toMatch(/1 reviewed acknowledgment\(s\) matched no finding \(stale\)/);
  });

  test('text lists every acknowledgment, where it is written and who approved it, and the stale ones', () => {
    const text = render(reviewed, 'text', work);
    expect(text).toMatch(
      /~ Isolation-NET1 gateway \/ Igw \[reviewed file isolation\.yaml:3, approved by security-review@example\.com\]: The gateway of the demo VPC/,
    );
    expect(text).toMatch(
      /stale acknowledgment\(s\).*\n\s+\? Isolation-NET1 gateway \/ GoneGateway {2}isolation\.yaml:8/,
    );
  });

  test('json carries the acknowledgments, the stale and the ignored ones', () => {
    const json = JSON.parse(render(reviewed, 'json', work));
    expect(json.summary).toEqual(
      expect.objectContaining({ findings: 1, acknowledged: 1, staleAcknowledgments: 1 }),
    );
    expect(json.acknowledgments[0]).toEqual(
      expect.objectContaining({
        source: 'reviewed-file',
        acknowledgedIn: { file: 'isolation.yaml', line: 3 },
      }),
    );
    expect(JSON.parse(render(plain, 'json', work)).ignoredAcknowledgments[0].rule).toBe('Isolation-NET1');
  });

  test('junit lists each acknowledgment as a skipped case that says who granted it', () => {
    const xml = render(reviewed, 'junit', work);
    expect(xml).toMatch(/<testsuite name="Acknowledgments" tests="3" failures="0" errors="0" skipped="3">/);
    expect(xml).toMatch(
      /<skipped message="acknowledged in reviewed file isolation\.yaml:3, approved by security-review@example\.com: The gateway/,
    );
    expect(xml).toMatch(/<skipped message="stale: matches no finding \(isolation\.yaml:8\)/);
    expect(xml).toMatch(
      /<skipped message="not honoured: a template cannot acknowledge the Isolation rules that judge it/,
    );
  });

  test('sarif: the acknowledged finding is a result with an external suppression and its justification', () => {
    const sarif = JSON.parse(render(reviewed, 'sarif', work));
    const results = sarif.runs[0].results as any[];
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].ruleId).toBe('Isolation-NET1');
    expect(suppressed[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('gateway/Igw');
    expect(suppressed[0].suppressions).toEqual([
      expect.objectContaining({
        kind: 'external',
        status: 'accepted',
        justification: expect.stringMatching(/^The gateway of the demo VPC/),
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'isolation.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3 },
          },
        },
      }),
    ]);
    const stale = results.find((r) => r.ruleId === 'isotrain-stale-acknowledgment');
    expect(stale.locations[0].physicalLocation.region.startLine).toBe(8);
    // The unacknowledged attachment is still an unsuppressed error.
    expect(results.filter((r) => r.ruleId === 'Isolation-NET1' && !r.suppressions)).toHaveLength(1);
  });

  test('sarif: a metadata acknowledgment of an Isolation rule is a note, and the finding stays unsuppressed', () => {
    const results = JSON.parse(render(plain, 'sarif', work)).runs[0].results as any[];
    expect(results.find((r) => r.ruleId === 'isotrain-ignored-acknowledgment').message.text).toMatch(
      /Not honoured: the template acknowledges Isolation-NET1 on gateway\/Igw/,
    );
    expect(results.filter((r) => r.ruleId === 'Isolation-NET1').every((r) => !r.suppressions)).toBe(true);
  });
});

describe('template-metadata acknowledgments of the AWS packs keep working', () => {
  test('AwsSolutions acknowledged in metadata is not a finding, and is listed as template-metadata', () => {
    const bucket = write(
      'bucket.json',
      JSON.stringify({
        Resources: {
          Logs: {
            Type: 'AWS::S3::Bucket',
            Metadata: {
              cdk_nag: {
                rules_to_suppress: [
                  { id: 'AwsSolutions-S1', reason: 'This is the access log bucket itself.' },
                ],
              },
            },
          },
        },
      }),
    );
    const report = checkTemplates([bucket], { controlTower: false, cfnLint: false });
    const rules = report.findings.map((f) => f.rule);
    expect(rules).not.toContain('AwsSolutions-S1');
    expect(rules).toContain('AwsSolutions-S10');
    expect(report.acknowledgments).toEqual([
      expect.objectContaining({ source: 'template-metadata', pack: 'AwsSolutions', rule: 'AwsSolutions-S1' }),
    ]);
    const sarif = JSON.parse(render(report, 'sarif', work)).runs[0].results as any[];
    expect(sarif.find((r) => r.suppressions)?.suppressions[0]).toEqual(
      expect.objectContaining({ kind: 'inSource', justification: 'This is the access log bucket itself.' }),
    );
  });
});

describe('the Isolation pack in the construct tree (as cdk synth runs it)', () => {
  function gateway(acknowledge: (igw: ReturnType<typeof res>) => void) {
    const app = new App();
    const stack = new Stack(app, 'Net', { stackName: 'net' });
    const igw = res(stack, 'Igw', 'AWS::EC2::InternetGateway');
    acknowledge(igw);
    return app;
  }
  const reviewed = parseAcknowledgments(
    'isolation.yaml',
    REVIEWED.replace(/stack: gateway/g, 'stack: net'),
    RULES,
  );

  test.each([
    ['Validations.acknowledge', 'Isolation-NET1'],
    ['Validations.acknowledge with the plugin namespace', 'Isolation::Isolation-NET1'],
  ])('ignores %s on the construct', (_how, id) => {
    const app = gateway((igw) => Validations.of(igw).acknowledge({ id, reason: 'says who' }));
    expect(new IsolationChecks().validateScope(app).violations.map((v) => v.ruleName)).toEqual([
      'Isolation-NET1',
    ]);
  });

  test('cdk synth fails on an Isolation finding a construct acknowledges with the plugin namespace', () => {
    const outdir = fs.mkdtempSync(path.join(work, 'synth-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new IsolationChecks(app));
    const stack = new Stack(app, 'Net', { stackName: 'net' });
    const igw = res(stack, 'Igw', 'AWS::EC2::InternetGateway');
    Validations.of(igw).acknowledge({ id: 'Isolation::Isolation-NET1', reason: 'says who' });
    expect(() => app.synth()).toThrow(/FATAL .*\(Isolation\)[\s\S]*Rule Isolation::Isolation-NET1/);
    expect(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')).toContain('Isolation-NET1');
  });

  test('honours the reviewed file, and only on the resource it names', () => {
    const app = gateway(() => undefined);
    const pack = new IsolationChecks(undefined, { acknowledgments: reviewed });
    expect(pack.validateScope(app).violations).toEqual([]);
    expect(pack.verdicts.find((v) => v.logicalId === 'Igw' && v.rule === 'Isolation-NET1')?.result).toBe(
      'acknowledged',
    );
  });
});
