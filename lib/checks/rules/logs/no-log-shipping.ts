/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings, named } from '../findings';

/** The account an ARN names, when it names one literally. */
const arnAccount = (arn: string) => /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];

/**
 * Where an event rule sends events beyond the account: an HTTP API destination, an event bus (or any
 * target) of another account. The trail's events name every object read and who read it.
 */
function eventsOut(model: AppModel, r: ModelResource): string | undefined {
  const own = AppModel.account(r.stack);
  const out = asArray(r.props.Targets).flatMap((t: Json) => {
    const target = model.deref(t?.Arn, r.stack);
    if (target?.type === 'AWS::Events::ApiDestination') return [`the HTTP endpoint of ${target.logicalId}`];
    if (target) return [];
    const arn = flatten(t?.Arn);
    const account = arnAccount(arn);
    return account !== undefined && own !== undefined && account !== own ? [arn] : [];
  });
  return out.length > 0 ? `sends events to ${out.join(', ')}` : undefined;
}

/** Why a Logs resource ships log events out of their groups (undefined: it does not). */
function ships(model: AppModel, r: ModelResource): string | undefined {
  const { type, props } = r;
  switch (type) {
    case 'AWS::Events::Rule':
      return eventsOut(model, r);
    case 'AWS::Events::ApiDestination':
      return `sends events to ${flatten(props.InvocationEndpoint)}, outside AWS`;
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
    'AWS::Events::Rule',
    'AWS::Events::ApiDestination',
  ],
  info: 'Log events are shipped out of their log groups, or events out of the account: a subscription filter, an account-wide policy, a delivery, an integration, an observability link that shares log groups with another account, an event rule to another account or an HTTP API destination.',
  explanation:
    'Job logs hold what containers printed, flow and DNS logs where the VPC tried to go; a subscription filter or ' +
    'an account-wide subscription policy streams every event to Kinesis, Firehose or a Lambda, in any account, ' +
    'past the masking and retention of the group; a CloudWatch observability link (AWS::Oam::Link) with ' +
    'AWS::Logs::LogGroup lets a monitoring account read them all; an event rule whose target is an API destination ' +
    "or another account's bus hands the trail's events (which object was read, by whom) to whoever is there. " +
    'Remove it: the project reads its logs where they are.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const why = ships(model, r);
    return findings(why ? [`${named(r)} ${why}`] : []);
  },
};
