/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const BucketVersioning: IsolationRule = {
  id: 'S3VER',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'The bucket does not have versioning enabled.',
  explanation:
    'Without versioning an overwrite or delete destroys evidence and data silently. Set versioned: true ' +
    '(VersioningConfiguration Status Enabled) and expire noncurrent versions with a lifecycle rule.',
  check: (node: CfnResource) =>
    inModel(node).r.props.VersioningConfiguration?.Status === 'Enabled' ? COMPLIANT : NON_COMPLIANT,
};
