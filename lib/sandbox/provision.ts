import {
  BucketLocationConstraint,
  CreateBucketCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { AwsClients } from '../aws/clients';
import { withAwsErrors } from '../aws/errors';
import { PROJECT_TAGS } from '../contract';
import { SandboxPlan, parametersOf } from './plan';

/** Creates a bucket with its versioning and Object Lock. */
async function ensureBucket(clients: AwsClients, plan: SandboxPlan, bucket: SandboxPlan['buckets'][number]) {
  const ctx = {
    action: 's3:CreateBucket',
    project: plan.project,
    resource: bucket.name,
    region: plan.region,
  };
  // A bucket this account already owns is kept as it is (a second `up` changes nothing, and S3
  // refuses Object Lock changes on a bucket that holds objects).
  const created = await withAwsErrors(ctx, () =>
    clients.s3
      .send(
        new CreateBucketCommand({
          Bucket: bucket.name,
          // us-east-1 is the one region that refuses its own name as a location constraint.
          ...(plan.region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: plan.region as BucketLocationConstraint } }),
          ...(bucket.objectLock ? { ObjectLockEnabledForBucket: true } : {}),
        }),
      )
      .then(
        () => true,
        (e: Error) => {
          if (e.name !== 'BucketAlreadyOwnedByYou') throw e;
          return false;
        },
      ),
  );
  if (!created) return;
  // Tagged as the stacks tag everything, so `isotrain leftovers` finds the stand-in's buckets too.
  await withAwsErrors({ ...ctx, action: 's3:PutBucketTagging' }, () =>
    clients.s3.send(
      new PutBucketTaggingCommand({
        Bucket: bucket.name,
        Tagging: { TagSet: [{ Key: PROJECT_TAGS.project, Value: plan.project }] },
      }),
    ),
  );
  await withAwsErrors({ ...ctx, action: 's3:PutBucketVersioning' }, () =>
    clients.s3.send(
      new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }),
    ),
  );
  if (bucket.objectLock) {
    const { mode, days } = bucket.objectLock;
    await withAwsErrors({ ...ctx, action: 's3:PutObjectLockConfiguration' }, () =>
      clients.s3.send(
        new PutObjectLockConfigurationCommand({
          Bucket: bucket.name,
          ObjectLockConfiguration: {
            ObjectLockEnabled: 'Enabled',
            Rule: { DefaultRetention: { Mode: mode, Days: days } },
          },
        }),
      ),
    );
  }
}

/** The buckets with the Data stack's versioning and Object Lock, and every SSM parameter the stacks publish. */
export async function provision(clients: AwsClients, plan: SandboxPlan): Promise<void> {
  for (const bucket of plan.buckets) await ensureBucket(clients, plan, bucket);
  for (const [Name, Value] of parametersOf(plan)) {
    await withAwsErrors({ action: 'ssm:PutParameter', project: plan.project, resource: Name }, () =>
      clients.ssm.send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: true })),
    );
  }
}
