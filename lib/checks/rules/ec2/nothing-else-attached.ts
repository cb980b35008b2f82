import { CfnResource } from 'aws-cdk-lib';
import { IsolationRule, inModel } from '../../rule';
import { findings, named } from '../findings';
import { NETWORK_TYPES, attachedTo, isNetworkType } from './attachments';
import { GATEWAY_TYPES } from './no-internet-path-resources';

export const NothingElseAttached: IsolationRule = {
  id: 'NET4',
  control: 1,
  types: NETWORK_TYPES,
  info: 'A network resource this pack does not know to be part of an isolated network is attached to the VPC, a subnet or a security group.',
  explanation:
    'Network interfaces (and their attachments), resource shares of the subnets (VPC sharing lets another ' +
    'account launch into them), transit gateway multicast, Route 53 profiles, firewalls, prefix-list resolvers ' +
    'and any EC2 or networking type added to AWS later can each carry traffic or hand the subnets to someone ' +
    'else. Remove the resource; the isolated network is the VPC, its subnets and route tables, the training ' +
    'security group, the S3 gateway endpoint, allowlisted interface endpoints, flow logs and the DNS firewall.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(
      attachedTo(model, r)
        .filter((a) => isNetworkType(a.type) && !GATEWAY_TYPES.includes(a.type))
        .map(named),
    );
  },
};
