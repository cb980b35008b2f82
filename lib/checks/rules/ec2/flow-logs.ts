/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { subnetsOf } from '../events/network-of';
import { findings, named } from '../findings';

/** Fields a custom flow-log format must keep for a record to say who talked to whom, how much, allowed or not. */
const NEEDED_FIELDS = ['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'bytes', 'action'];

/** Why a flow log does not record every flow of its resource into a project destination (empty when it does). */
export function flowLogGaps(model: AppModel, log: ModelResource): string[] {
  const p = log.props;
  const gaps: string[] = [];
  if (p.TrafficType !== 'ALL') gaps.push(`records ${flatten(p.TrafficType) || 'no'} traffic, not ALL`);
  if (p.LogFormat !== undefined) {
    const format = flatten(p.LogFormat);
    const missing = NEEDED_FIELDS.filter((f) => !format.includes(`\${${f}}`));
    if (missing.length > 0) gaps.push(`log format leaves out ${missing.join(', ')}`);
  }
  gaps.push(...flowLogDestinationGaps(model, log));
  return gaps;
}

/**
 * Why a flow log's records leave the app (empty when they do not). Every flow log counts, not only
 * the one that covers the VPC: the addresses, ports and sizes of connection attempts (refused ones
 * included) are a channel code in the VPC can write to, and a second flow log into another account
 * reads it out.
 */
export function flowLogDestinationGaps(model: AppModel, log: ModelResource): string[] {
  const p = log.props;
  const gaps: string[] = [];
  if (p.DeliverCrossAccountRole !== undefined) gaps.push('delivers to another account');
  const type = p.LogDestinationType ?? 'cloud-watch-logs';
  const destination = type === 'cloud-watch-logs' ? (p.LogGroupName ?? p.LogDestination) : p.LogDestination;
  const target = model.deref(destination, log.stack);
  const inApp =
    target?.type === 'AWS::Logs::LogGroup' ||
    (target?.type === 'AWS::S3::Bucket' && type === 's3') ||
    (typeof destination === 'object' &&
      model
        .references(destination, log.stack)
        .some((t) => t.type === 'AWS::S3::Bucket' || t.type === 'AWS::Logs::LogGroup'));
  if (!inApp) gaps.push(`delivers to ${flatten(destination) || 'nowhere'}, outside the app`);
  return gaps;
}

export const FlowLogsCoverVpc: IsolationRule = {
  id: 'NET5',
  control: 8,
  types: ['AWS::EC2::VPC', 'AWS::EC2::FlowLog'],
  info: "The VPC's traffic is not all recorded: no flow log of type ALL with a complete format into a log group or bucket of the app covers it; or a flow log delivers outside the app.",
  explanation:
    'Flow logs are the record of every connection attempt out of the VPC; deleting one, narrowing it to ACCEPT or ' +
    'REJECT, dropping address or byte fields from its format, or sending it to another account erases the ' +
    'evidence, and a flow log into another account reads out what code in the VPC encodes in connection attempts. ' +
    'Keep one AWS::EC2::FlowLog on the VPC (ResourceType VPC) with TrafficType ALL, the default format, ' +
    'and an encrypted log group of the project as destination (VpcFlowLogs does this).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::EC2::FlowLog') return findings(flowLogDestinationGaps(model, r));
    const logs = model.ofType('AWS::EC2::FlowLog');
    const on = (target: ModelResource) =>
      logs.filter((l) => model.alwaysRefersTo(l.props.ResourceId, target, l.stack));
    const complete = (ls: ModelResource[]) => ls.some((l) => flowLogGaps(model, l).length === 0);
    if (complete(on(r))) return findings([]);
    const subnets = subnetsOf(model, r);
    if (subnets.length > 0 && subnets.every((s) => complete(on(s)))) return findings([]);
    const partial = [...on(r), ...subnets.flatMap(on)];
    if (partial.length === 0) return findings(['no flow log']);
    return findings(
      partial.map((l) => `${named(l)} ${flowLogGaps(model, l).join('; ') || 'covers only some subnets'}`),
    );
  },
};
