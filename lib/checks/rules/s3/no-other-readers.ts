/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json } from '../../cfn';
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

/** What reads, copies or moves a bucket's objects besides the project's own roles and jobs. */
export function otherReaders(model: AppModel, bucket: ModelResource): string[] {
  return model.resources.flatMap((r) => {
    if (r === bucket || JUDGED_ELSEWHERE.has(r.type) || SERVING.has(r.type)) return [];
    const value: Json = r.type === 'AWS::Events::Rule' ? r.props.Targets : r.props;
    if (!model.references(value, r.stack).includes(bucket)) return [];
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
