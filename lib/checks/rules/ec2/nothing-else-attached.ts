/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { asArray, flatten } from '../../cfn';
import { globMatch } from '../../iam/plain';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { where } from '../events/render';
import { findings, named } from '../findings';
import { NETWORK_TYPES, attachedTo, isNetworkType } from './attachments';
import { GATEWAY_TYPES } from './no-internet-path-resources';

/**
 * Resource shares that name subnets by an ARN pattern (`subnet/*`) rather than by reference: they
 * share the project's subnets with whoever they name as surely as a reference would.
 */
function sharedByPattern(model: AppModel, subnet: ModelResource): ModelResource[] {
  if (subnet.type !== 'AWS::EC2::Subnet') return [];
  const w = where(subnet.stack);
  const arn = `arn:${w.partition}:ec2:${w.region}:${w.account}:subnet/subnet-0isotraincheck`;
  return model.ofType('AWS::RAM::ResourceShare').filter((share) =>
    asArray(share.props.ResourceArns).some((v) => {
      const pattern = flatten(v);
      return /:subnet\/.*\*/.test(pattern) && globMatch(pattern.replace(/\$\{[^}]*\}/g, '*'), arn);
    }),
  );
}

export const NothingElseAttached: IsolationRule = {
  id: 'NET4',
  control: 1,
  types: NETWORK_TYPES,
  info: 'A network resource this pack does not know to be part of an isolated network is attached to the VPC, a subnet or a security group.',
  explanation:
    'Network interfaces (and their attachments), resource shares of the subnets, by reference or by an ARN ' +
    'pattern such as subnet/* (VPC sharing lets another ' +
    'account launch into them), transit gateway multicast, Route 53 profiles, firewalls, prefix-list resolvers ' +
    'and any EC2 or networking type added to AWS later can each carry traffic or hand the subnets to someone ' +
    'else. Remove the resource; the isolated network is the VPC, its subnets and route tables, the training ' +
    'security group, the S3 gateway endpoint, allowlisted interface endpoints, flow logs and the DNS firewall.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(
      [...attachedTo(model, r), ...sharedByPattern(model, r)]
        .filter((a) => isNetworkType(a.type) && !GATEWAY_TYPES.includes(a.type))
        .map(named),
    );
  },
};
