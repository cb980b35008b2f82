import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import {
  ControlTowerChecks,
  GuardViolation,
  bundledRuleFiles,
  controlId,
  controlTowerRulesFor,
  guardAcknowledgmentFor,
  startControlTower,
} from '../../lib/checks/control-tower';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-guard-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Resources that break many controls, of many types, with metadata Guard's copy leaves out. */
const TEMPLATES: Record<string, unknown> = {
  'storage.json': {
    Resources: {
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 90 }, Metadata: { note: 'x' } },
      Plain: { Type: 'AWS::S3::Bucket' },
      PlainPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'Plain' }, PolicyDocument: { Statement: [] } },
      },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [] } } },
      Queue: { Type: 'AWS::SQS::Queue' },
    },
    Outputs: { LogsName: { Value: { Ref: 'Logs' } } },
  },
  'compute.json': {
    Resources: {
      Subnet: {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true },
      },
      Open: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'open',
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }],
        },
      },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Role: 'arn:aws:iam::111122223333:role/r', Code: { ZipFile: 'x' } },
      },
      Everything: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
      },
    },
  },
};

const key = (v: { rule: string; templatePath: string; logicalId: string }) =>
  `${v.rule} ${path.basename(v.templatePath)} ${v.logicalId}`;

describe('cfn-guard passes grouped by what the rules read, each over the templates they can report on', () => {
  let files: string[];
  let fast: GuardViolation[];
  let reference: Set<string>;
  beforeAll(() => {
    files = Object.entries(TEMPLATES).map(([name, body]) => {
      fs.writeFileSync(path.join(work, name), JSON.stringify(body, null, 2));
      return path.join(work, name);
    });
    // The same template under another name (two projects' identical stacks): Guard checks it once.
    fs.copyFileSync(files[0], path.join(work, 'storage-again.json'));
    files.push(path.join(work, 'storage-again.json'));
    fast = startControlTower(
      files.map((file) => ({ file, body: JSON.parse(fs.readFileSync(file, 'utf8')) })),
    ).finish().violations;
    // The validator as shipped: every bundled rule, the templates as written.
    const all = new CfnGuardValidator({ maxBuffer: 1 << 30 }).validate({ templatePaths: files } as never);
    const located = all.violations.flatMap((v) =>
      v.violatingResources.map((r) => ({
        rule: v.ruleName,
        templatePath: r.templatePath,
        logicalId: r.resourceLogicalId ?? '',
      })),
    );
    const withId = new Set(located.filter((v) => v.logicalId).map((v) => `${v.rule} ${v.templatePath}`));
    reference = new Set(
      located.filter((v) => v.logicalId || !withId.has(`${v.rule} ${v.templatePath}`)).map(key),
    );
  });

  test('every bundled rule file says which types it reports on, so selecting by type loses none', () => {
    expect(bundledRuleFiles().length).toBeGreaterThan(200);
    expect(bundledRuleFiles().filter((r) => r.reportsOn === undefined)).toEqual([]);
    expect(controlTowerRulesFor(new Set())).toEqual([]);
    expect(controlTowerRulesFor(new Set(['AWS::Logs::LogGroup'])).map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['ct-cloudwatch-pr-2.guard', 'ct-cloudwatch-pr-3.guard']),
    );
  });

  test('finds exactly what every rule over the whole templates finds, mapped back to the templates given', () => {
    expect(fast.length).toBeGreaterThan(10);
    expect(new Set(fast.map(key))).toEqual(reference);
    expect(fast.every((v) => files.includes(v.templatePath))).toBe(true);
    const again = fast.filter((v) => v.templatePath.endsWith('storage-again.json'));
    expect(again.map((v) => `${v.rule} ${v.logicalId}`).sort()).toEqual(
      fast
        .filter((v) => v.templatePath === files[0])
        .map((v) => `${v.rule} ${v.logicalId}`)
        .sort(),
    );
    expect(again.length).toBeGreaterThan(3);
  });

  test('the grouped passes find what one pass of every rule finds (the plain plan)', () => {
    const plain = startControlTower(
      files.map((file) => ({ file, body: JSON.parse(fs.readFileSync(file, 'utf8')) })),
      'single',
    ).finish().violations;
    const full = (v: GuardViolation) => `${key(v)} ${v.description} ${v.fix}`;
    expect(fast.map(full).sort()).toEqual(plain.map(full).sort());
  });

  test('each violation names its control, its fix and the resource', () => {
    const retention = fast.find((v) => v.rule === 'cloudwatch_log_group_retention_period_check')!;
    expect(retention.logicalId).toBe('Logs');
    expect(controlId(retention.description)).toBe('CT.CLOUDWATCH.PR.2');
    expect(retention.fix).toMatch(/RetentionInDays/);
  });
});

describe('GUARD_ACKNOWLEDGMENTS cover only the resources they are about', () => {
  const bucket = (purpose?: string) => ({
    Type: 'AWS::S3::Bucket',
    Properties: purpose ? { Tags: [{ Key: 'isotrain:purpose', Value: purpose }] } : {},
  });
  test.each([
    ['s3_bucket_object_lock_enabled_check', bucket('training-data'), true],
    ['s3_bucket_object_lock_enabled_check', bucket('audit'), false],
    ['s3_bucket_logging_enabled_check', bucket('access-logs'), true],
    ['s3_bucket_logging_enabled_check', bucket('training-data'), false],
    ['cloudwatch_log_group_retention_period_check', { Type: 'AWS::Logs::LogGroup' }, false],
    [
      'cloudwatch_log_group_encrypted_check',
      {
        Type: 'AWS::Logs::LogGroup',
        Properties: { KmsKeyId: { 'Fn::GetStackOutput': { StackName: 'k', OutputName: 'o' } } },
      },
      true,
    ],
    ['cloudwatch_log_group_encrypted_check', { Type: 'AWS::Logs::LogGroup', Properties: {} }, false],
    [
      'lambda_inside_vpc_check',
      { Type: 'AWS::Lambda::Function', Properties: { Description: 'my function' } },
      false,
    ],
  ])('%s on %j: %s', (rule, resource, expected) => {
    expect(guardAcknowledgmentFor(rule, resource) !== undefined).toBe(expected);
  });
});

describe('ControlTowerChecks: the controls as a validation plugin, so cdk synth fails on them', () => {
  test('fails synth with the field of the project file, and no construct can acknowledge it', () => {
    const outdir = fs.mkdtempSync(path.join(work, 'synth-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(
      new ControlTowerChecks({ projects: new Map([['legal', { retention: { logDays: 90 } }]]) }),
    );
    const stack = new Stack(app, 'Logs', { stackName: 'legal-Logs' });
    const logs = new CfnLogGroup(stack, 'Logs', {
      retentionInDays: 90,
      tags: [{ key: 'isotrain:project', value: 'legal' }],
    });
    const untagged = new CfnLogGroup(stack, 'Other', { retentionInDays: 30 });
    untagged.overrideLogicalId('Other');
    Validations.of(logs).acknowledge({
      id: 'ControlTower::cloudwatch_log_group_retention_period_check',
      reason: 'a construct may not decide this',
    });
    expect(() => app.synth()).toThrow(
      /retention\.logDays: expected at least 365 \(Control Tower CT\.CLOUDWATCH\.PR\.2\), got 90\. \[CT\.CLOUDWATCH\.PR\.2\]/,
    );
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports
      .flatMap((p: any) => p.violations)
      .filter((v: any) => v.ruleName === 'cloudwatch_log_group_retention_period_check');
    expect(
      violations.map((v: any) => v.violatingConstructs[0].cloudFormationResource.logicalId).sort(),
    ).toEqual(['Logs', 'Other']);
    // Outside a project, the finding speaks CloudFormation.
    expect(
      violations.find((v: any) => v.violatingConstructs[0].cloudFormationResource.logicalId === 'Other')
        .description,
    ).toMatch(/^\[CT\.CLOUDWATCH\.PR\.2\]/);
  });
});
