/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES } from '../../../contract';
import { Json, asArray, flatten, isTrue } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings, named, projectOf } from '../findings';

/** Server access logs name every key read or written: they belong in the project's access-log bucket. */
function loggingProblem(model: AppModel, bucket: ModelResource): string[] {
  const logging = bucket.props.LoggingConfiguration;
  if (!logging?.DestinationBucketName) return [];
  const target = model.deref(logging.DestinationBucketName, bucket.stack);
  if (!target || target.type !== 'AWS::S3::Bucket')
    return [`access logs (every key) go to ${flatten(logging.DestinationBucketName)}, outside the app`];
  if (model.purpose(target) !== PURPOSES.accessLogs || projectOf(target) !== projectOf(bucket))
    return [`access logs (every key) go to ${named(target)}, not the project's access-log bucket`];
  return [];
}

/** Configurations that ship objects, object lists or per-object events elsewhere. */
function exports(bucket: ModelResource): string[] {
  const p = bucket.props;
  const out: string[] = [];
  for (const inv of asArray(p.InventoryConfigurations))
    out.push(`inventory ${flatten(inv?.Id)} lists every key to ${flatten(inv?.Destination?.BucketArn)}`);
  for (const a of asArray(p.AnalyticsConfigurations))
    if (a?.StorageClassAnalysis?.DataExport !== undefined)
      out.push(`analytics ${flatten(a.Id)} exports to another bucket`);
  const n: Json = p.NotificationConfiguration ?? {};
  for (const [kind, key] of [
    ['Lambda', 'LambdaConfigurations'],
    ['SQS', 'QueueConfigurations'],
    ['SNS', 'TopicConfigurations'],
  ] as const)
    for (const c of asArray(n[key]))
      out.push(`${kind} notifications send keys to ${flatten(c?.Function ?? c?.Queue ?? c?.Topic)}`);
  if (isTrue(n.EventBridgeConfiguration?.EventBridgeEnabled))
    out.push('EventBridge notifications send every key to the default bus');
  if (p.MetadataTableConfiguration !== undefined || p.MetadataConfiguration !== undefined)
    out.push('S3 Metadata copies every key and its metadata to a table bucket');
  if (p.WebsiteConfiguration !== undefined) out.push('website hosting');
  return out;
}

/**
 * Storage Lens reports every bucket of the account, down to prefixes (parts of keys) when prefix-level
 * metrics are on: an export belongs in a bucket of the app, never another account's.
 */
function storageLensExport(model: AppModel, lens: ModelResource): string[] {
  const to = lens.props.StorageLensConfiguration?.DataExport?.S3BucketDestination;
  if (!to) return [];
  const target = model.deref(to.Arn, lens.stack);
  const own = AppModel.account(lens.stack);
  const account = flatten(to.AccountId);
  return target?.type === 'AWS::S3::Bucket' && (own === undefined || account === own)
    ? []
    : [`Storage Lens exports bucket and prefix metrics to ${flatten(to.Arn)} (account ${account})`];
}

export const BucketExports: IsolationRule = {
  id: 'S3EXPORT',
  control: 4,
  types: ['AWS::S3::Bucket', 'AWS::S3::StorageLens'],
  info: 'The bucket ships objects, object lists or per-object events elsewhere: inventory, analytics export, notifications, S3 Metadata, website, or access logs outside the project; or Storage Lens exports outside the app.',
  explanation:
    'Object keys of training data are data (file names, patient IDs), and each of these configurations copies ' +
    'them, continuously, to a destination with its own readers: inventory and analytics exports to any bucket, ' +
    'notifications to functions, queues, topics or the event bus, S3 Metadata to a table. Remove them (the ' +
    'bucket policy of SecureBucket also denies setting them); deliver server access logs only to the ' +
    "project's access-log bucket, and Storage Lens exports (bucket and prefix names) only to a bucket of the app.",
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::S3::StorageLens') return findings(storageLensExport(model, r));
    return findings([...exports(r), ...loggingProblem(model, r)]);
  },
};
