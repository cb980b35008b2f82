/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { isIntrinsic, isTrue } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const NoPublicIpSubnet: IsolationRule = {
  id: 'NET3',
  control: 1,
  types: ['AWS::EC2::Subnet'],
  info: 'The subnet maps public IP addresses to instances launched in it.',
  explanation:
    'A subnet with MapPublicIpOnLaunch gives every instance a public address, one route away from the ' +
    'internet. Set MapPublicIpOnLaunch to false (CDK: SubnetType.PRIVATE_ISOLATED).',
  check: (node: CfnResource) => {
    const v = inModel(node).r.props.MapPublicIpOnLaunch;
    return isTrue(v) || isIntrinsic(v) ? NON_COMPLIANT : COMPLIANT;
  },
};
