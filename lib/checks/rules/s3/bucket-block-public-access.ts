/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { isTrue } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

const FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

export const BucketBlockPublicAccess: IsolationRule = {
  id: 'S3BPA',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'The bucket does not set all four Block Public Access flags.',
  explanation:
    'Any flag left off lets a later ACL or policy change make objects public. Set blockPublicAccess: ' +
    'BlockPublicAccess.BLOCK_ALL (all four flags true in PublicAccessBlockConfiguration).',
  check: (node: CfnResource) => {
    const c = inModel(node).r.props.PublicAccessBlockConfiguration ?? {};
    return FLAGS.every((f) => isTrue(c[f])) ? COMPLIANT : NON_COMPLIANT;
  },
};
