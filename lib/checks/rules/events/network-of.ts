/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { AppModel, ModelResource } from '../../model';

/** Subnets of the app in this VPC. */
export function subnetsOf(model: AppModel, vpc: ModelResource): ModelResource[] {
  return model.ofType('AWS::EC2::Subnet').filter((s) => model.refersTo(s.props.VpcId, vpc, s.stack));
}

/** Security groups of the app in this VPC. */
export function securityGroupsOf(model: AppModel, vpc: ModelResource): ModelResource[] {
  return model.ofType('AWS::EC2::SecurityGroup').filter((g) => model.refersTo(g.props.VpcId, vpc, g.stack));
}
