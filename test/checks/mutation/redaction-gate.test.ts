/**
 * Mutants of the redaction gate (issue 13): with training.requireRedaction, only the redaction role reads
 * raw uploads (datasets/), by the role policies and by the bucket policy. The shared test project has the
 * setting off, so this file synthesizes the same project with it on, once, and judges each mutant of it
 * with `isotrain check --template`, as harness.ts does for the shared one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectStage } from '../../../lib/infra/project-stage';
import { newApp, project } from '../../helpers';
import * as shared from './harness';
import { Json, Mutant, Templates, add, all, bucket, fileOf, one, purposeOf, rulesFlagged } from './harness';
import { sid } from './policy-support';

const RULE = 'Isolation-S3RAW';
const ROLE_POLICY_DENY = 'DenyRawUploads';
const BUCKET_DENY = 'DenyRawUploadReadsByAllButRedaction';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-redaction-gate-'));
const assembly = (() => {
  const app = newApp({ outdir: path.join(work, 'assembly') });
  const config = project({
    training: {
      ecrRepositories: ['arn:aws:ecr:eu-west-1:111122223333:repository/isotrain/finetune'],
      requireRedaction: true,
    },
  });
  return new ProjectStage(app, { project: config }).synth().directory;
})();
const text = Object.fromEntries(
  fs
    .readdirSync(assembly)
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => [f, fs.readFileSync(path.join(assembly, f), 'utf8')]),
);
const compliant = (): Templates =>
  Object.fromEntries(Object.entries(text).map(([f, t]) => [f, JSON.parse(t)]));

let n = 0;
function write(t: Templates): string[] {
  const dir = path.join(work, `m-${n++}`);
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(assembly, 'manifest.json'), path.join(dir, 'manifest.json'));
  return Object.entries(t).map(([f, body]) => {
    fs.writeFileSync(path.join(dir, f), JSON.stringify(body, null, 1));
    return path.join(dir, f);
  });
}

// ---- finding things in the templates ----

/** The job roles are both tagged training-role; their descriptions tell them apart. */
const jobRole = (t: Templates, what: RegExp) =>
  one(
    t,
    'AWS::IAM::Role',
    (r) => purposeOf(r) === 'training-role' && what.test(String(r.Properties.Description)),
  );
const trainingRole = (t: Templates) => jobRole(t, /training execution role/);
const redactionRole = (t: Templates) => jobRole(t, /redaction execution role/);
const policyOfRole = (t: Templates, roleId: string): Json =>
  one(t, 'AWS::IAM::ManagedPolicy', (r) => (r.Properties.Roles ?? []).some((x: Json) => x.Ref === roleId)).r
    .Properties.PolicyDocument;
const trainingPolicy = (t: Templates) => policyOfRole(t, trainingRole(t).id);
const dataBucket = (t: Templates) => bucket(t, 'training-data');
const dataPolicy = (t: Templates) =>
  one(t, 'AWS::S3::BucketPolicy', (r) => r.Properties.Bucket?.Ref === dataBucket(t).id).r.Properties
    .PolicyDocument;
const objects = (t: Templates, suffix: string) => ({
  'Fn::Join': ['', [{ 'Fn::GetAtt': [dataBucket(t).id, 'Arn'] }, `/${suffix}`]],
});
const dropStatement = (doc: Json, id: string) => {
  sid(doc, id);
  doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== id);
};

/** A new SageMaker execution role of the project, reading the whole data bucket (an "evaluation role"). */
function newReader(t: Templates, tags: Json[]): void {
  const file = fileOf(t, 'AWS::S3::Bucket');
  add(t, file, 'EvaluationReader', {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'sagemaker.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'ReadData',
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objects(t, '*') }],
          },
        },
      ],
      Tags: tags,
    },
  });
}

const projectTag = { Key: 'isotrain:project', Value: 'legal' };

// ---- the redaction-report exception: report keys, GetObject, the report role, from outside ----

const VPCE = 'Isolation-S3VPCE';
const REPORT_READER_DENY = 'DenyReportReaderBeyondReportsOutsideTheProjectEndpoint';
const REPORT_ACTIONS_DENY = 'DenyReportReaderBeyondGetObject';
const REDACTED_DATA_DENY = 'DenyRedactedDataOutsideTheProjectEndpoint';
const JOB = 'legal--redact-??????????????-????';
const reportRole = (t: Templates) =>
  one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'redaction-report-role');
const reportPolicy = (t: Templates) => policyOfRole(t, reportRole(t).id);
/** The exception widened the same way on both sides: the bucket's Deny and the role's own Allow. */
function widenReports(t: Templates, keys: string[]): void {
  sid(dataPolicy(t), REPORT_READER_DENY).NotResource = keys.map((k) => objects(t, k));
  sid(reportPolicy(t), 'ReadRedactionReports').Resource = keys.map((k) => objects(t, k));
}

export const MUTANTS: Mutant[] = [
  {
    name: "the training role's raw-upload Deny deleted from its policy",
    rule: RULE,
    mutate: (t) => dropStatement(trainingPolicy(t), ROLE_POLICY_DENY),
  },
  {
    name: "the training role's raw-upload Deny narrowed to another prefix",
    rule: RULE,
    mutate: (t) => (sid(trainingPolicy(t), ROLE_POLICY_DENY).Resource = objects(t, 'datasets-old/*')),
  },
  {
    name: "the training role's raw-upload Deny narrowed to one dataset",
    rule: RULE,
    mutate: (t) => (sid(trainingPolicy(t), ROLE_POLICY_DENY).Resource = objects(t, 'datasets/contracts/*')),
  },
  {
    name: "the training role's raw-upload Deny narrowed to actions that leave GetObject allowed",
    rule: RULE,
    mutate: (t) => (sid(trainingPolicy(t), ROLE_POLICY_DENY).Action = ['s3:GetObjectVersion']),
  },
  {
    name: "the training role's raw-upload Deny given a condition that never holds",
    rule: RULE,
    mutate: (t) =>
      (sid(trainingPolicy(t), ROLE_POLICY_DENY).Condition = {
        StringEquals: { 'aws:SourceVpce': 'vpce-0000000000000000' },
      }),
  },
  {
    name: 'the bucket-policy raw-upload Deny deleted',
    rule: RULE,
    mutate: (t) => dropStatement(dataPolicy(t), BUCKET_DENY),
  },
  {
    name: 'the bucket-policy raw-upload Deny turned into an Allow of datasets/* for the training role',
    rule: RULE,
    mutate: (t) => {
      const s = sid(dataPolicy(t), BUCKET_DENY);
      s.Effect = 'Allow';
      s.Principal = { AWS: { 'Fn::GetAtt': [trainingRole(t).id, 'Arn'] } };
      delete s.Condition;
    },
  },
  {
    name: 'the bucket-policy raw-upload Deny exempting the training role too',
    rule: RULE,
    mutate: (t) =>
      (sid(dataPolicy(t), BUCKET_DENY).Condition.ArnNotEquals['aws:PrincipalArn'] = [
        { 'Fn::GetAtt': [redactionRole(t).id, 'Arn'] },
        { 'Fn::GetAtt': [trainingRole(t).id, 'Arn'] },
      ]),
  },
  {
    name: 'the bucket-policy raw-upload Deny narrowed to GetObjectVersion',
    rule: RULE,
    mutate: (t) => (sid(dataPolicy(t), BUCKET_DENY).Action = 's3:GetObjectVersion'),
  },
  {
    name: 'the bucket-policy raw-upload Deny narrowed to another prefix',
    rule: RULE,
    mutate: (t) => (sid(dataPolicy(t), BUCKET_DENY).Resource = objects(t, 'raw/*')),
  },
  {
    name: 'a bucket-policy statement allowing the training role datasets/*, with the Deny scoped to other principals',
    rule: RULE,
    mutate: (t) => {
      const policy = dataPolicy(t);
      sid(policy, BUCKET_DENY).Condition.ArnNotEquals['aws:PrincipalArn'] = [
        { 'Fn::GetAtt': [redactionRole(t).id, 'Arn'] },
        { 'Fn::GetAtt': [trainingRole(t).id, 'Arn'] },
      ];
      policy.Statement.push({
        Sid: 'TrainingReadsRawUploads',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [trainingRole(t).id, 'Arn'] } },
        Action: 's3:GetObject',
        Resource: objects(t, 'datasets/*'),
      });
    },
  },
  {
    name: 'a new role of the project with read on the whole data bucket',
    rule: RULE,
    mutate: (t) => newReader(t, [projectTag, { Key: 'isotrain:purpose', Value: 'training-role' }]),
  },
  {
    name: 'a new untagged role with read on the whole data bucket',
    rule: RULE,
    mutate: (t) => newReader(t, []),
  },
  {
    name: 'the redaction role tag copied onto a new reader (tags exempt nobody)',
    rule: RULE,
    mutate: (t) => newReader(t, redactionRole(t).r.Properties.Tags),
  },
  {
    name: 'the redaction gate tag removed from the bucket with the bucket Deny (fail closed)',
    rule: RULE,
    mutate: (t) => {
      const b = dataBucket(t).r;
      b.Properties.Tags = b.Properties.Tags.filter((x: Json) => x.Key !== 'isotrain:require-redaction');
      dropStatement(dataPolicy(t), BUCKET_DENY);
    },
  },
  {
    name: 'the redaction role published no more, the bucket Deny naming it kept',
    rule: RULE,
    mutate: (t) => {
      const p = all(t).find(
        (x) =>
          x.r.Type === 'AWS::SSM::Parameter' && String(x.r.Properties.Name).endsWith('/redaction-role-arn'),
      )!;
      p.r.Properties.Value = { 'Fn::GetAtt': [trainingRole(t).id, 'Arn'] };
    },
  },
  {
    name: 'the report exception widened to redacted/*',
    rule: VPCE,
    mutate: (t) => widenReports(t, ['redacted/*']),
  },
  {
    name: 'the report exception widened to every key',
    rule: VPCE,
    mutate: (t) => widenReports(t, ['*']),
  },
  {
    name: "the report exception's report.json suffix dropped",
    rule: VPCE,
    mutate: (t) => widenReports(t, [`redacted/${JOB}/*`, `redacted/*/${JOB}/*`]),
  },
  {
    name: "the report exception's job name dropped (redacted/*/report.json)",
    rule: VPCE,
    mutate: (t) => widenReports(t, ['redacted/*/report.json']),
  },
  {
    name: 'GetObject on redacted data added to the report exception',
    rule: VPCE,
    mutate: (t) => {
      widenReports(t, [
        `redacted/${JOB}/report.json`,
        `redacted/*/${JOB}/report.json`,
        `redacted/*${JOB}/data/*`,
      ]);
      dropStatement(dataPolicy(t), REDACTED_DATA_DENY);
    },
  },
  {
    name: 'the Deny of redacted files outside the endpoint deleted (a file named like a report leaves)',
    rule: VPCE,
    mutate: (t) => dropStatement(dataPolicy(t), REDACTED_DATA_DENY),
  },
  {
    name: 'the Deny of redacted files outside the endpoint narrowed to one output prefix',
    rule: VPCE,
    mutate: (t) =>
      (sid(dataPolicy(t), REDACTED_DATA_DENY).Resource = objects(t, `redacted/contracts/*${JOB}/data/*`)),
  },
  {
    name: 'the report reader allowed every read action on reports (attributes, ACLs, torrents)',
    rule: VPCE,
    mutate: (t) => dropStatement(dataPolicy(t), REPORT_ACTIONS_DENY),
  },
  {
    name: "the report reader's Deny beyond reports deleted",
    rule: VPCE,
    mutate: (t) => dropStatement(dataPolicy(t), REPORT_READER_DENY),
  },
  {
    name: 'the outside Deny exempting every role of the account instead of the report reader',
    rule: VPCE,
    mutate: (t) => {
      const s = sid(dataPolicy(t), 'DenyObjectReadsOutsideTheProjectEndpoint');
      delete s.Condition.ArnNotEquals;
      s.Condition.ArnNotLike = { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' };
    },
  },
  {
    name: 'the report role given raw uploads, by its own policy and the raw-upload Deny',
    rule: RULE,
    mutate: (t) => {
      reportPolicy(t).Statement.push({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: objects(t, 'datasets/*'),
      });
      sid(dataPolicy(t), BUCKET_DENY).Condition.ArnNotEquals['aws:PrincipalArn'] = [
        { 'Fn::GetAtt': [redactionRole(t).id, 'Arn'] },
        { 'Fn::GetAtt': [reportRole(t).id, 'Arn'] },
      ];
    },
  },
];

describe('the redaction gate (requireRedaction on)', () => {
  const caught: string[] = [];
  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
    console.log(
      `mutation suite (redaction-gate.test.ts): ${caught.length} / ${MUTANTS.length} mutants caught`,
    );
  });

  test('the unmutated templates pass every Isolation rule', () => {
    expect([...rulesFlagged(write(compliant()))]).toEqual([]);
  });

  test('mutant names are distinct', () => {
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
  });

  test('with the setting off (the shared project) the training role reads raw uploads, and the rule does not apply', () => {
    expect([...rulesFlagged(shared.write(shared.compliant()))]).not.toContain(RULE);
  });

  test('with the setting off but its bucket tag gone, the rule cannot tell and judges it on (fail closed)', () => {
    const t = shared.compliant();
    const b = bucket(t, 'training-data').r;
    b.Properties.Tags = b.Properties.Tags.filter((x: Json) => x.Key !== 'isotrain:require-redaction');
    expect([...rulesFlagged(shared.write(t))]).toContain(RULE);
  });

  describe.each(MUTANTS.map((m) => [m.name, m] as const))('mutant: %s', (_name, m) => {
    test(`is flagged by ${m.rule}`, () => {
      const t = compliant();
      m.mutate(t);
      expect([...rulesFlagged(write(t))]).toContain(m.rule);
      caught.push(m.name);
    });
  });
});
