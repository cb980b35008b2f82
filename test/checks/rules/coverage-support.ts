import { App, Stack } from 'aws-cdk-lib';
import { IsolationChecks } from '../../../lib/checks/isolation-pack';
import { ACCOUNT, REGION, arn, ref, res, tag } from '../support';

type Build = (stack: Stack) => void;

/**
 * Builds resources into one stack of a fresh app and returns each rule's findings as
 * `Resource: reason` (a finding without a reason is just `Resource`).
 */
export function findingsOf(build: Build): Record<string, string[]> {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: REGION } });
  build(stack);
  const out: Record<string, string[]> = {};
  for (const v of new IsolationChecks().validateScope(app).violations) {
    const [, rule, reason] = /^([^[]+)(?:\[(.*)\])?$/.exec(v.ruleName)!;
    for (const r of v.violatingResources) {
      const name = (r.constructPath ?? '').split('/').pop()!;
      (out[rule] ??= []).push(reason === undefined ? name : `${name}: ${reason}`);
    }
  }
  return out;
}

/** The project tag a template's resources carry. */
export const projectTags = (purpose?: string) => [
  { Key: 'isotrain:project', Value: 'legal' },
  ...(purpose ? tag(purpose) : []),
];

/** A VPC with two subnets and a training security group (no egress rule needed for these rules). */
export function network(s: Stack): void {
  res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16', Tags: projectTags() });
  res(s, 'SubnetA', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.0.0/17' });
  res(s, 'SubnetB', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), CidrBlock: '10.0.128.0/17' });
  res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'training', VpcId: ref('Vpc') });
}

export { ACCOUNT, REGION, arn, ref, res, tag };
export const groupId = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
