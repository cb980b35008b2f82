/* eslint-disable @typescript-eslint/no-unsafe-argument -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { flatten } from '../../cfn';
import { IsolationRule, inModel } from '../../rule';
import { findings, named } from '../findings';

/** Why a Logs resource ships log events out of their groups (undefined: it does not). */
function ships(type: string, props: Record<string, unknown>): string | undefined {
  switch (type) {
    case 'AWS::Logs::SubscriptionFilter':
      return `streams ${flatten(props.LogGroupName)} to ${flatten(props.DestinationArn)}`;
    case 'AWS::Logs::AccountPolicy':
      // Masking and field indexes ship nothing; subscription and transformer policies touch every event.
      return props.PolicyType === 'DATA_PROTECTION_POLICY' || props.PolicyType === 'FIELD_INDEX_POLICY'
        ? undefined
        : `account-wide ${flatten(props.PolicyType)} reaches every log group, the job logs included`;
    case 'AWS::Logs::DeliveryDestination':
    case 'AWS::Logs::Delivery':
      return 'delivers vended logs to a destination of its own';
    case 'AWS::Logs::Integration':
      return 'hands log groups to an external analytics integration';
    case 'AWS::Oam::Link': {
      // Cross-account observability: the monitoring account reads every shared log group's events.
      const types = props.ResourceTypes;
      const literal = Array.isArray(types) && types.every((t) => typeof t === 'string');
      return literal && !types.includes('AWS::Logs::LogGroup')
        ? undefined
        : `shares the account's log groups with the monitoring account of sink ${flatten(props.SinkIdentifier)}`;
    }
    default:
      return undefined;
  }
}

export const NoLogShipping: IsolationRule = {
  id: 'LOG4',
  control: 9,
  types: [
    'AWS::Logs::SubscriptionFilter',
    'AWS::Logs::AccountPolicy',
    'AWS::Logs::Delivery',
    'AWS::Logs::DeliveryDestination',
    'AWS::Logs::Integration',
    'AWS::Oam::Link',
  ],
  info: 'Log events are shipped out of their log groups: a subscription filter, an account-wide policy, a delivery, an integration or an observability link that shares log groups with another account.',
  explanation:
    'Job logs hold what containers printed, flow and DNS logs where the VPC tried to go; a subscription filter or ' +
    'an account-wide subscription policy streams every event to Kinesis, Firehose or a Lambda, in any account, ' +
    'past the masking and retention of the group; a CloudWatch observability link (AWS::Oam::Link) with ' +
    'AWS::Logs::LogGroup lets a monitoring account read them all. Remove it: the project reads its logs where they are.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const why = ships(r.type, r.props);
    return findings(why ? [`${named(r)} ${why}`] : []);
  },
};
