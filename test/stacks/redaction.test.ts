import { Template } from 'aws-cdk-lib/assertions';
import { IamRequest, Policies, evaluate, isAllowed } from '../../lib/checks/iam';
import { OBJECT_DATA_READ_ACTIONS, PURPOSES, PURPOSE_TAG, REDACTION_GATE_TAG } from '../../lib/contract';
import { project, synthProject } from '../helpers';
import { ADMINISTRATOR, ResolvedStage, StageResource, decide, otherRole } from '../support/stage-policies';

// With training.requireRedaction the training role cannot read raw uploads, by its own policy and by the
// bucket's; the bucket denies them to every principal but the redaction role, whatever its identity
// policies; the redaction role can read them and write redacted data; every other access a run needs
// still works; raw uploads expire after retention.rawUploadDays. Policies are judged as AWS would decide
// them (lib/checks/iam), with every reference resolved (test/support/stage-policies.ts).

const on = synthProject(
  project({
    training: { ecrRepositories: ['isotrain/finetune'], requireRedaction: true },
    retention: { rawUploadDays: 3 },
  }),
);
const off = synthProject(project());

type Resource = { Type: string; Properties: Record<string, any> };

const stage = ResolvedStage.of(on.stage);
const { account } = stage;
const jobRole = (description: RegExp) =>
  stage
    .resources('AWS::IAM::Role')
    .find(
      (r) =>
        (r.props.Tags ?? []).some((t: any) => t.Key === PURPOSE_TAG && t.Value === 'training-role') &&
        description.test(String(r.props.Description)),
    )!;
const TRAINING = jobRole(/training execution role/);
const REDACTION = jobRole(/redaction execution role/);
const role = (purpose: string) => stage.byPurpose('AWS::IAM::Role', purpose);
const DATA = stage.byPurpose('AWS::S3::Bucket', 'training-data');
const ENDPOINT = stage.resources('AWS::EC2::VPCEndpoint').find((e) => e.props.VpcEndpointType === 'Gateway')!;
const object = (key: string) => `${stage.arn(DATA)}/${key}`;
const RAW = object('datasets/contracts/part-0.jsonl');
const REDACTED = object('redacted/contracts/legal--redact-20261130120000-abcd/data/part-0.jsonl');

type Who = { principal: IamRequest['principal']; identity: Policies['identity'] };
const as = (r: StageResource): Who => ({ principal: stage.session(r), identity: stage.policiesOfRole(r) });
const withAdmin = (r: StageResource): Who => ({ principal: stage.session(r), identity: [ADMINISTRATOR] });

/** A request on the data bucket, its identity policies and the bucket policy, through the endpoint or not. */
function s3(who: Who, action: string, resource: string, via: 'endpoint' | 'outside') {
  return evaluate(
    {
      principal: who.principal,
      action,
      resource,
      resourceAccount: account,
      context: {
        'aws:SecureTransport': 'true',
        ...(via === 'endpoint' ? { 'aws:SourceVpce': stage.ref(ENDPOINT) } : {}),
      },
    },
    {
      identity: who.identity,
      resource: stage.bucketPolicy(DATA),
      ...(via === 'endpoint' ? { endpoint: stage.endpointPolicy(ENDPOINT) } : {}),
    },
  );
}

describe('training.requireRedaction', () => {
  const t = on.data;

  it('denies the training role every object read of raw uploads by its own policies alone', () => {
    for (const action of OBJECT_DATA_READ_ACTIONS) {
      const r = evaluate(
        { principal: stage.session(TRAINING), action, resource: RAW, resourceAccount: account },
        { identity: stage.policiesOfRole(TRAINING) },
      );
      expect([action, r.decision]).toEqual([action, 'ExplicitDeny']);
    }
  });

  it('denies raw uploads to every principal but the redaction role by the bucket policy, whatever their identity policies say', () => {
    const everyone: [string, Who][] = [
      ['training', withAdmin(TRAINING)],
      ['uploader', withAdmin(role('uploader-role'))],
      ['publisher', withAdmin(role('publisher-role'))],
      ['release', withAdmin(role('release-role'))],
      ['deployment', withAdmin(role('deployment-role'))],
      [
        'an administrator of the account',
        { principal: otherRole(account, 'Admin'), identity: [ADMINISTRATOR] },
      ],
    ];
    for (const [name, who] of everyone) {
      for (const action of OBJECT_DATA_READ_ACTIONS) {
        for (const via of ['endpoint', 'outside'] as const) {
          const r = s3(who, action, RAW, via);
          expect([name, action, via, r.decision]).toEqual([name, action, via, 'ExplicitDeny']);
        }
      }
    }
  });

  it('keeps raw uploads from a reader added to the perimeter later: the raw-upload Deny alone names only the redaction role', () => {
    // The perimeter's own statements, as if a new reader were exempt from them all; the admin stands for it.
    const policy = stage.bucketPolicy(DATA);
    const rawOnly = (policy.document.Statement as any[]).filter(
      (s) => s.Sid === 'DenyRawUploadReadsByAllButRedaction',
    );
    expect(rawOnly).toHaveLength(1);
    const newReader = { principal: otherRole(account, 'NewReader'), identity: [ADMINISTRATOR] };
    const decide = (action: string, resource: string) =>
      evaluate(
        { principal: newReader.principal, action, resource, resourceAccount: account },
        {
          identity: newReader.identity,
          resource: { name: policy.name, document: { ...policy.document, Statement: rawOnly } },
        },
      ).decision;
    for (const action of OBJECT_DATA_READ_ACTIONS)
      expect([action, decide(action, RAW)]).toEqual([action, 'ExplicitDeny']);
    expect(decide('s3:GetObject', REDACTED)).toBe('Allow');
    expect(
      evaluate(
        {
          principal: stage.session(REDACTION),
          action: 's3:GetObject',
          resource: RAW,
          resourceAccount: account,
        },
        {
          identity: stage.policiesOfRole(REDACTION),
          resource: { name: policy.name, document: { ...policy.document, Statement: rawOnly } },
        },
      ).decision,
    ).toBe('Allow');
  });

  it('lets the redaction role read raw uploads and write redacted data through the endpoint, and nothing else of the data bucket', () => {
    expect(isAllowed(s3(as(REDACTION), 's3:GetObject', RAW, 'endpoint'))).toBe(true);
    expect(isAllowed(s3(as(REDACTION), 's3:PutObject', REDACTED, 'endpoint'))).toBe(true);
    expect(s3(as(REDACTION), 's3:GetObject', RAW, 'outside').decision).not.toBe('Allow');
    expect(s3(as(REDACTION), 's3:PutObject', RAW, 'endpoint').decision).not.toBe('Allow');
    expect(s3(as(REDACTION), 's3:PutObject', object('code/x.tar.gz'), 'endpoint').decision).not.toBe('Allow');
  });

  it('still lets a run do what it needs: training reads redacted data, code and base models; the uploader writes raw uploads', () => {
    for (const key of [
      REDACTED,
      object('code/finetune.tar.gz'),
      object('base-models/llama/model.safetensors'),
    ])
      expect([key, isAllowed(s3(as(TRAINING), 's3:GetObject', key, 'endpoint'))]).toEqual([key, true]);
    expect(isAllowed(s3(as(role('uploader-role')), 's3:PutObject', RAW, 'outside'))).toBe(true);
    // Write-only: the uploader drops data in and reads nothing back, raw uploads included.
    expect(s3(as(role('uploader-role')), 's3:GetObject', RAW, 'outside').decision).not.toBe('Allow');
  });

  it('says the setting on the bucket, for checks of the templates alone', () => {
    const tag = (s: typeof on) =>
      (ResolvedStage.of(s.stage).byPurpose('AWS::S3::Bucket', 'training-data').props.Tags as any[]).find(
        (x) => x.Key === REDACTION_GATE_TAG.key,
      )?.Value;
    expect(tag(on)).toBe(REDACTION_GATE_TAG.on);
    expect(tag(off)).toBe(REDACTION_GATE_TAG.off);
  });

  it('expires raw uploads after retention.rawUploadDays, old versions included', () => {
    const [, bucket] = Object.entries(t.findResources('AWS::S3::Bucket')).find(([, r]) =>
      JSON.stringify(r).includes('Expire-datasets'),
    )! as [string, Resource];
    const rule = bucket.Properties.LifecycleConfiguration.Rules.find((r: any) => r.Id === 'Expire-datasets');
    expect(rule).toMatchObject({ Prefix: 'datasets/', ExpirationInDays: 3, Status: 'Enabled' });
    expect(rule.NoncurrentVersionExpiration.NoncurrentDays).toBeGreaterThan(0);
  });

  it('publishes the redaction role for isotrain redact --project', () => {
    expect(JSON.stringify(t.toJSON().Outputs)).toContain(REDACTION.id);
  });

  it('fails when the setting is off: no deny, no redaction role, no early expiry (the mutant the tests above catch)', () => {
    const d: Template = off.data;
    const stageOff = ResolvedStage.of(off.stage);
    const trainingOff = stageOff.byPurpose('AWS::IAM::Role', 'training-role');
    const r = evaluate(
      {
        principal: stageOff.session(trainingOff),
        action: 's3:GetObject',
        resource: `${stageOff.arn(stageOff.byPurpose('AWS::S3::Bucket', 'training-data'))}/datasets/a.jsonl`,
        resourceAccount: account,
      },
      { identity: stageOff.policiesOfRole(trainingOff) },
    );
    expect(r.decision).toBe('Allow');
    expect(JSON.stringify(d.toJSON())).not.toContain('DenyRawUploadReadsByAllButRedaction');
    expect(JSON.stringify(d.toJSON())).not.toContain('Expire-datasets');
  });
});

// isotrain train reads each channel's redaction report from the caller's machine, outside the project
// endpoint. The data bucket admits exactly that: report keys, GetObject, by the redaction report role,
// which the launcher policy lets its holders assume. Nothing else of redacted/ leaves.
describe('redaction reports, read from outside the endpoint', () => {
  const READER = role(PURPOSES.redactionReportRole);
  const DATA_KEY = stage.byPurpose('AWS::KMS::Key', 'data-key');
  const managed = (pattern: RegExp) => stage.managedPolicy(stage.byId('AWS::IAM::ManagedPolicy', pattern));
  const launcher = {
    principal: otherRole(account, 'CiLauncher'),
    identity: [managed(/^LauncherPolicy[0-9A-F]{8}$/), managed(/^LauncherPolicyFence[0-9A-F]{8}$/)],
  };
  const JOB = 'legal--redact-20261130120000-abcd';
  const REPORTS = [
    `redacted/contracts/${JOB}/report.json`,
    `redacted/${JOB}/report.json`,
    `redacted/a/b/${JOB}/report.json`,
  ];
  /** Keys that are not a report of this project, each readable by nobody from outside. */
  const NOT_REPORTS = [
    `redacted/contracts/${JOB}/data/part-0.jsonl`,
    // A redacted file named like a report (an upload laid out that way): still redacted data.
    `redacted/contracts/${JOB}/data/x/legal--redact-20261130120001-beef/report.json`,
    `redacted/contracts/${JOB}/data/report.json`,
    'redacted/x/data/report.json',
    'redacted/contracts/report.json',
    `redacted/contracts/${JOB}/report.json.bak`,
    `redacted/contracts/${JOB}/other.json`,
    'redacted/contracts/legal--redact-2026113012-abcd/report.json',
    'redacted/contracts/legal-eu--redact-20261130120000-abcd/report.json',
    'redacted/contracts/legal-redact-20261130120000-abcd/report.json',
    'datasets/contracts/report.json',
    `datasets/${JOB}/report.json`,
    'code/finetune.tar.gz',
    'base-models/llama/model.safetensors',
  ];

  it('lets a launcher holder assume the report role, and the role read a report from outside and decrypt it via S3', () => {
    const assume = decide(
      {
        principal: launcher.principal,
        action: 'sts:AssumeRole',
        resource: stage.arn(READER),
        resourceAccount: account,
      },
      { identity: launcher.identity, resource: stage.trustPolicy(READER) },
      'role-trust',
    );
    expect(assume.decision).toBe('Allow');
    // The trust hands the role to the account; the launcher policy is what lets a principal take it.
    const unlisted = decide(
      {
        principal: otherRole(account, 'Engineer'),
        action: 'sts:AssumeRole',
        resource: stage.arn(READER),
        resourceAccount: account,
      },
      { identity: [], resource: stage.trustPolicy(READER) },
      'role-trust',
    );
    expect(unlisted.decision).not.toBe('Allow');
    for (const key of REPORTS)
      for (const action of ['s3:GetObject', 's3:GetObjectVersion'])
        expect([key, action, s3(as(READER), action, object(key), 'outside').decision]).toEqual([
          key,
          action,
          'Allow',
        ]);
    const decrypt = decide(
      {
        principal: stage.session(READER),
        action: 'kms:Decrypt',
        resource: stage.arn(DATA_KEY),
        resourceAccount: account,
        context: {
          'kms:ViaService': 's3.eu-west-1.amazonaws.com',
          'kms:CallerAccount': account,
          'kms:EncryptionContext:aws:s3:arn': stage.arn(DATA),
        },
      },
      { identity: stage.policiesOfRole(READER), resource: stage.keyPolicy(DATA_KEY) },
      'kms-key',
    );
    expect(decrypt.decision).toBe('Allow');
  });

  it('lets the report role read nothing but reports, and nothing but their content, even with an administrator policy', () => {
    for (const who of [as(READER), withAdmin(READER)]) {
      for (const key of NOT_REPORTS)
        for (const action of OBJECT_DATA_READ_ACTIONS)
          for (const via of ['endpoint', 'outside'] as const)
            expect([key, action, via, isAllowed(s3(who, action, object(key), via))]).toEqual([
              key,
              action,
              via,
              false,
            ]);
      const beyond = OBJECT_DATA_READ_ACTIONS.filter(
        (a) => a !== 's3:GetObject' && a !== 's3:GetObjectVersion',
      );
      for (const action of beyond)
        expect([action, s3(who, action, object(REPORTS[0]), 'outside').decision]).toEqual([
          action,
          'ExplicitDeny',
        ]);
      // Not through the endpoint either: it is no reader of the bucket.
      expect(s3(who, 's3:GetObject', object(REPORTS[0]), 'endpoint').decision).toBe('ExplicitDeny');
    }
  });

  it('lets nobody else read a report from outside, whatever their identity policies say', () => {
    const others: [string, Who][] = [
      [
        'a launcher holder, in its own name',
        { ...launcher, identity: [...launcher.identity, ADMINISTRATOR] },
      ],
      ['the training role', withAdmin(TRAINING)],
      ['the redaction role', withAdmin(REDACTION)],
      ['the uploader', withAdmin(role('uploader-role'))],
      [
        'an administrator of the account',
        { principal: otherRole(account, 'Admin'), identity: [ADMINISTRATOR] },
      ],
    ];
    for (const [name, who] of others)
      for (const action of OBJECT_DATA_READ_ACTIONS)
        expect([name, action, s3(who, action, object(REPORTS[0]), 'outside').decision]).toEqual([
          name,
          action,
          'ExplicitDeny',
        ]);
    // The launcher holder's own fence still denies it every data read, reports included.
    expect(
      evaluate(
        {
          principal: launcher.principal,
          action: 's3:GetObject',
          resource: object(REPORTS[0]),
          resourceAccount: account,
        },
        { identity: launcher.identity },
      ).decision,
    ).toBe('ExplicitDeny');
  });

  it('keeps redacted data, raw uploads and report lookalikes from everyone outside, by the bucket policy alone', () => {
    const admin = { principal: otherRole(account, 'Admin'), identity: [ADMINISTRATOR] };
    for (const key of NOT_REPORTS)
      for (const who of [admin, withAdmin(READER), withAdmin(TRAINING)])
        expect([key, s3(who, 's3:GetObject', object(key), 'outside').decision]).toEqual([
          key,
          'ExplicitDeny',
        ]);
  });

  it('still lets the training role read redacted data, a report among it, through the endpoint', () => {
    for (const key of [REDACTED, object(NOT_REPORTS[1]), object(REPORTS[0])])
      expect([key, isAllowed(s3(as(TRAINING), 's3:GetObject', key, 'endpoint'))]).toEqual([key, true]);
  });

  it('has no report role and no exception with the setting off', () => {
    const d = JSON.stringify(off.data.toJSON());
    expect(d).not.toContain('DenyReportReaderBeyondReportsOutsideTheProjectEndpoint');
    expect(d).not.toContain(PURPOSES.redactionReportRole);
    expect(JSON.stringify(Template.fromStack(off.stage.access).toJSON())).not.toContain(
      'AssumeRedactionReportRole',
    );
    expect(JSON.stringify(Template.fromStack(on.stage.access).toJSON())).toContain(
      'AssumeRedactionReportRole',
    );
  });
});
