/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, flatten } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

function openEgress(rule: Json): boolean {
  return flatten(rule?.CidrIp) === '0.0.0.0/0' || flatten(rule?.CidrIpv6) === '::/0';
}

export const NoOpenEgress: IsolationRule = {
  id: 'SG1',
  control: 2,
  types: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  info: 'The security group allows outbound traffic to 0.0.0.0/0 or ::/0, or keeps the default allow-all egress.',
  explanation:
    'Egress to anywhere lets a process send data to any address the network can reach, and a security ' +
    'group created without any egress rule (inline or separate) gets allow-all egress from AWS. Set allowAllOutbound: false ' +
    '(CDK adds a rule that matches no traffic) and add egress only to the S3 prefix list and the group itself.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::EC2::SecurityGroupEgress') return openEgress(r.props) ? NON_COMPLIANT : COMPLIANT;
    const egress = r.props.SecurityGroupEgress;
    if (egress === undefined) {
      // CloudFormation drops the default allow-all rule when a separate egress rule is added to the
      // group; without any egress rule the group keeps it.
      const separate = model
        .ofType('AWS::EC2::SecurityGroupEgress')
        .some((e) => model.refersTo(e.props.GroupId, r, e.stack));
      return separate ? COMPLIANT : NON_COMPLIANT;
    }
    return asArray(egress).some(openEgress) ? NON_COMPLIANT : COMPLIANT;
  },
};
