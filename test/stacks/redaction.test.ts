import { Template } from 'aws-cdk-lib/assertions';
import { evaluate } from '../../lib/checks/iam';
import type { PolicyDocument } from '../../lib/checks/iam/types';
import { OBJECT_DATA_READ_ACTIONS } from '../../lib/contract';
import { project, synthProject } from '../helpers';

// With training.requireRedaction the training role cannot read raw uploads, by its own policy and by the
// bucket's; the redaction role can, and writes redacted data; raw uploads expire after retention.rawUploadDays.
// Policies are judged as AWS would decide them (lib/checks/iam), with the template's references replaced by
// the ARNs they stand for.

const ACCOUNT = '111122223333';
const BUCKET = 'legal-training-data';
const on = synthProject(
  project({
    training: { ecrRepositories: ['isotrain/finetune'], requireRedaction: true },
    retention: { rawUploadDays: 3 },
  }),
);
const off = synthProject(project());

type Resource = { Type: string; Properties: Record<string, any> };

function logicalId(t: Template, type: string, description: RegExp): string {
  const [id] = Object.entries(t.findResources(type)).find(([, r]) =>
    description.test(String((r as Resource).Properties.Description ?? '')),
  )!;
  return id;
}

/** Replaces the template's references with concrete values, so the evaluator judges plain ARNs. */
function resolve(t: Template, value: unknown): unknown {
  const resources = t.toJSON().Resources as Record<string, Resource>;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map((p) => walk(p)).join(sep);
      }
      if ('Fn::GetAtt' in o) {
        const [id, attr] = o['Fn::GetAtt'] as [string, string];
        const r = resources[id];
        if (r?.Type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:aws:s3:::${BUCKET}`;
        if (r?.Type === 'AWS::IAM::Role' && attr === 'Arn') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
        return `${id}.${attr}`;
      }
      if ('Ref' in o)
        return o.Ref === 'AWS::Partition' ? 'aws' : o.Ref === 'AWS::AccountId' ? ACCOUNT : String(o.Ref);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value);
}

function rolePolicy(t: Template, roleId: string): PolicyDocument {
  const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    JSON.stringify((p as Resource).Properties.Roles ?? []).includes(`"${roleId}"`),
  ) as Resource[];
  return resolve(t, policy.Properties.PolicyDocument) as PolicyDocument;
}

const asRole = (roleId: string, action: string, key: string) => ({
  principal: { arn: `arn:aws:iam::${ACCOUNT}:role/${roleId}`, account: ACCOUNT, type: 'role' as const },
  action,
  resource: `arn:aws:s3:::${BUCKET}/${key}`,
  resourceAccount: ACCOUNT,
});

describe('training.requireRedaction', () => {
  const t = on.data;
  const training = logicalId(t, 'AWS::IAM::Role', /training execution role/);
  const redaction = logicalId(t, 'AWS::IAM::Role', /redaction execution role/);
  const trainingPolicy = { name: 'training', document: rolePolicy(t, training) };
  const redactionPolicy = { name: 'redaction', document: rolePolicy(t, redaction) };

  it('denies the training role every object read of raw uploads by its own policy', () => {
    for (const action of OBJECT_DATA_READ_ACTIONS) {
      const r = evaluate(asRole(training, action, 'datasets/contracts/part-0.jsonl'), {
        identity: [trainingPolicy],
      });
      expect([action, r.decision]).toEqual([action, 'ExplicitDeny']);
    }
  });

  it('still lets the training role read redacted data', () => {
    const r = evaluate(
      asRole(training, 's3:GetObject', 'redacted/contracts/legal-redact-20261130120000-abcd/data/x'),
      {
        identity: [trainingPolicy],
      },
    );
    expect(r.decision).toBe('Allow');
  });

  it('denies the training role raw uploads in the bucket policy too, whatever its identity policies say', () => {
    const [bucketPolicy] = Object.values(t.findResources('AWS::S3::BucketPolicy')).filter((p) =>
      JSON.stringify(p).includes('DenyTrainingRoleRawUploads'),
    ) as Resource[];
    const document = resolve(t, bucketPolicy.Properties.PolicyDocument) as PolicyDocument;
    const admin = {
      name: 'admin',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
      } as PolicyDocument,
    };
    for (const action of OBJECT_DATA_READ_ACTIONS) {
      const r = evaluate(asRole(training, action, 'datasets/a.jsonl'), {
        identity: [admin],
        resource: { name: 'bucket', document },
      });
      expect([action, r.decision]).toEqual([action, 'ExplicitDeny']);
    }
  });

  it('lets the redaction role read raw uploads and write redacted data, and nothing else of the data bucket', () => {
    const ask = (action: string, key: string) =>
      evaluate(asRole(redaction, action, key), { identity: [redactionPolicy] }).decision;
    expect(ask('s3:GetObject', 'datasets/a.jsonl')).toBe('Allow');
    expect(ask('s3:PutObject', 'redacted/contracts/legal-redact-20261130120000-abcd/data/a.jsonl')).toBe(
      'Allow',
    );
    expect(ask('s3:PutObject', 'datasets/a.jsonl')).not.toBe('Allow');
    expect(ask('s3:PutObject', 'code/x.tar.gz')).not.toBe('Allow');
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
    expect(JSON.stringify(t.toJSON().Outputs)).toContain(redaction);
  });

  it('fails when the setting is off: no deny, no redaction role, no early expiry (the mutant the tests above catch)', () => {
    const d = off.data;
    const offTraining = logicalId(d, 'AWS::IAM::Role', /training execution role/);
    const r = evaluate(asRole(offTraining, 's3:GetObject', 'datasets/a.jsonl'), {
      identity: [{ name: 'training', document: rolePolicy(d, offTraining) }],
    });
    expect(r.decision).toBe('Allow');
    expect(JSON.stringify(d.toJSON())).not.toContain('DenyTrainingRoleRawUploads');
    expect(JSON.stringify(d.toJSON())).not.toContain('Expire-datasets');
  });
});
