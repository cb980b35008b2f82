/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, flatten } from '../../cfn';
import { globMatch } from '../../iam/plain';
import { AppModel, ModelResource, isDataBucketPurpose } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { ISOLATABLE_SAGEMAKER, serviceIsolationGaps } from '../compute/isolated-serving';
import { findings, named } from '../findings';

/**
 * Types whose reference to a data bucket is judged by a rule of its own (policies, the trail, the
 * endpoint, replication and logging of another bucket, functions) or only mentions it (stored outputs,
 * alert patterns, alarms).
 */
const JUDGED_ELSEWHERE = new Set([
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::KMS::Key',
  'AWS::CloudTrail::Trail',
  'AWS::EC2::VPCEndpoint',
  'AWS::SSM::Parameter',
  'AWS::CloudWatch::Alarm',
  'AWS::Lambda::Function',
]);

/** Serving resources that read a model from the artifact bucket: an endpoint configuration names models. */
const SERVING = new Set([
  'AWS::SageMaker::EndpointConfig',
  'AWS::SageMaker::Endpoint',
  'AWS::SageMaker::InferenceComponent',
]);

/** The bucket's name as a pattern can see it: its own, or the shape CloudFormation generates. */
function bucketName(bucket: ModelResource): string {
  const name = bucket.props.BucketName;
  return typeof name === 'string'
    ? name
    : `${bucket.stack.stackName}-${bucket.logicalId}-isotrain-check`.toLowerCase();
}

/** The bucket's tags, key → value. */
function tagsOf(bucket: ModelResource): Map<string, string> {
  return new Map(
    asArray(bucket.props.Tags)
      .filter((t: Json) => typeof t?.Key === 'string')
      .map((t: Json) => [t.Key as string, flatten(t.Value)]),
  );
}

/**
 * A backup selection picks resources by ARN pattern or by tag, not only by reference: `*`,
 * `arn:aws:s3:::*` or the project's tag select the data bucket as surely as its name. Its conditions
 * (ANDed) are not read: a tag can be added to the bucket later.
 */
function backupSelects(selection: ModelResource, bucket: ModelResource): boolean {
  const s = selection.props.BackupSelection ?? {};
  const arn = `arn:aws:s3:::${bucketName(bucket)}`;
  const byArn = asArray(s.Resources).some((p: Json) => {
    const pattern = flatten(p);
    return pattern.includes('${') || globMatch(pattern, arn);
  });
  const tags = tagsOf(bucket);
  const byTag = asArray(s.ListOfTags).some((c: Json) => {
    const value = tags.get(flatten(c?.ConditionKey));
    return value !== undefined && globMatch(flatten(c?.ConditionValue), value);
  });
  return byArn || byTag;
}

/** What reads, copies or moves a bucket's objects besides the project's own roles and jobs. */
export function otherReaders(model: AppModel, bucket: ModelResource): string[] {
  return model.resources.flatMap((r) => {
    if (r === bucket || JUDGED_ELSEWHERE.has(r.type) || SERVING.has(r.type)) return [];
    const value: Json = r.type === 'AWS::Events::Rule' ? r.props.Targets : r.props;
    if (!model.references(value, r.stack).includes(bucket))
      return r.type === 'AWS::Backup::BackupSelection' && backupSelects(r, bucket)
        ? [`${named(r)} selects it for backup by pattern or tag`]
        : [];
    if (ISOLATABLE_SAGEMAKER.includes(r.type)) {
      const gaps = serviceIsolationGaps(model, r);
      return gaps.length > 0 ? [`${named(r)} reads it: ${gaps.join(', ')}`] : [];
    }
    return [`${named(r)} reads or copies it`];
  });
}

export const NoOtherReaders: IsolationRule = {
  id: 'S3COPY',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'A resource other than the project roles and isolated jobs reads, copies or moves the data bucket (a backup plan, DataSync task, access point, Object Lambda, crawler, knowledge base, custom resource...).',
  explanation:
    'Every service that is handed a data bucket makes its own copy or reads it from outside the VPC, under its ' +
    'own role: AWS Backup (and its cross-account copy rules), DataSync, S3 access points and Object Lambda, ' +
    'Glue, Athena, Bedrock knowledge bases, Kendra, Firehose, custom resources. Remove the resource; only the ' +
    'training role (through the endpoint), the uploader and publisher, the release gate and SageMaker models ' +
    'with network isolation in the project subnets touch the data.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isDataBucketPurpose(model.purpose(r))) return NOT_APPLICABLE;
    return findings(otherReaders(model, r));
  },
};
