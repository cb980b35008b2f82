/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { flatten } from '../../cfn';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

export const DnsQueryLogging: IsolationRule = {
  id: 'DNS3',
  control: 8,
  types: ['AWS::EC2::VPC', 'AWS::Route53Resolver::ResolverQueryLoggingConfig'],
  info: "The VPC's DNS queries are not logged to a KMS-encrypted log group of the app, or a query log is delivered outside the app.",
  explanation:
    'Flow logs do not show DNS; the query log is the only record of names the VPC tried to resolve, blocked ones ' +
    'included. Associate a Route 53 Resolver query logging configuration with the VPC whose DestinationArn is a ' +
    'log group of the project encrypted with the logs key (DnsFirewall does this). A query log delivered anywhere ' +
    "else (another account's bucket or Firehose) hands every name the VPC asked for, data encoded in it, to its reader.",
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (r.type === 'AWS::Route53Resolver::ResolverQueryLoggingConfig') {
      // Every query name is logged, the blocked ones too: a name carries data to whoever reads the log.
      const target = model.deref(r.props.DestinationArn, r.stack);
      return findings(
        target?.type === 'AWS::Logs::LogGroup' || target?.type === 'AWS::S3::Bucket'
          ? []
          : [`logs query names to ${flatten(r.props.DestinationArn)}, not a log group or bucket of the app`],
      );
    }
    const associations = model
      .ofType('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation')
      .filter((a) => model.alwaysRefersTo(a.props.ResourceId, r, a.stack));
    const ok = associations.some((a) => {
      const config = model.deref(a.props.ResolverQueryLogConfigId, a.stack);
      if (config?.type !== 'AWS::Route53Resolver::ResolverQueryLoggingConfig') return false;
      const group = model.deref(config.props.DestinationArn, config.stack);
      return group?.type === 'AWS::Logs::LogGroup' && group.props.KmsKeyId !== undefined;
    });
    if (ok) return findings([]);
    return findings([
      associations.length === 0
        ? 'no query logging'
        : `query logging to ${associations.map((a) => flatten(a.props.ResolverQueryLogConfigId)).join(', ')} is not an encrypted log group of the app`,
    ]);
  },
};
