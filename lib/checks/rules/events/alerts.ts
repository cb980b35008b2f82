/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { Json, asArray } from '../../cfn';
import { evaluate, isAllowed, isDenied } from '../../iam';
import { AppModel, ModelResource } from '../../model';
import { patternMatches } from './pattern';
import { UNKNOWN_TOKEN, refToken, render, where } from './render';

/** The detail type of the events CloudTrail hands EventBridge for API calls. */
export const API_CALL = 'AWS API Call via CloudTrail';

/** One event an alert must be raised for, with a short name for findings. */
export interface RequiredEvent {
  readonly name: string;
  readonly event: Json;
}

/** A CloudTrail-recorded call of `service` (`s3`, `kms`, ...), as EventBridge receives it. */
export function apiCall(
  r: ModelResource,
  service: string,
  eventName: string,
  requestParameters: Json,
  extra: Json = {},
): Json {
  const w = where(r.stack);
  return {
    source: `aws.${service}`,
    'detail-type': API_CALL,
    account: w.account,
    region: w.region,
    detail: {
      eventSource: `${service}.amazonaws.com`,
      eventName,
      readOnly: false,
      userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${w.account}:assumed-role/Admin/someone` },
      requestParameters,
      ...extra,
    },
  };
}

/** Enabled rules on the default bus: the only ones that see AWS service events. */
function isLive(rule: ModelResource): boolean {
  const state = rule.props.State;
  const bus = rule.props.EventBusName;
  const liveState =
    state === undefined || state === 'ENABLED' || state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  return liveState && (bus === undefined || bus === 'default' || /:event-bus\/default$/.test(String(bus)));
}

/** SNS topics of the app a rule targets. */
export function targetTopics(model: AppModel, rule: ModelResource): ModelResource[] {
  return asArray(rule.props.Targets).flatMap((t: Json) => {
    const topic = model.deref(t?.Arn, rule.stack);
    return topic && topic.type === 'AWS::SNS::Topic' ? [topic] : [];
  });
}

/** Rules that alert on CloudTrail-recorded API calls and publish to a topic of the app. */
export function apiCallAlertRules(model: AppModel): ModelResource[] {
  return model.ofType('AWS::Events::Rule').filter((rule) => {
    const detailType = asArray(rule.props.EventPattern?.['detail-type']);
    return detailType.includes(API_CALL) && targetTopics(model, rule).length > 0;
  });
}

/** What is wrong with a topic as the destination of alerts (empty when nothing is). */
export function topicProblems(model: AppModel, topic: ModelResource): string[] {
  const problems: string[] = [];
  const key = topic.props.KmsMasterKeyId;
  const cmk = model.deref(key, topic.stack);
  const literalCmk = typeof key === 'string' && !/alias\/aws\//.test(key);
  if (!(cmk?.type === 'AWS::KMS::Key' || literalCmk))
    problems.push('not encrypted with a customer-managed key');
  const inline = asArray(topic.props.Subscription).length > 0;
  const subscriptions = model
    .ofType('AWS::SNS::Subscription')
    .filter((s) => model.alwaysRefersTo(s.props.TopicArn, topic, s.stack));
  // Alerts carry no message attributes and their body is a quoted string, not a JSON object: a
  // filter policy on either may let none of them through.
  const unfiltered = subscriptions.filter((s) => s.props.FilterPolicy === undefined);
  if (!inline && unfiltered.length === 0)
    problems.push(
      subscriptions.length === 0 ? 'no subscription' : 'every subscription filters messages (FilterPolicy)',
    );
  return [...problems, ...keyRefusesEventBridge(model, topic)];
}

/**
 * EventBridge encrypts what it publishes to a topic with the topic's key: the key policy must let
 * events.amazonaws.com generate data keys for this topic (AWS checks the topic ARN in the encryption
 * context), or every alert is silently dropped.
 */
function keyRefusesEventBridge(model: AppModel, topic: ModelResource): string[] {
  const key = model.deref(topic.props.KmsMasterKeyId, topic.stack);
  if (!key || key.type !== 'AWS::KMS::Key') return [];
  const w = where(topic.stack);
  const topicArn = `arn:${w.partition}:sns:${w.region}:${w.account}:${topic.stack.stackName}-${topic.logicalId}-1A2B3C`;
  const document = render(model, key.props.KeyPolicy, key.stack);
  const refused = ['kms:GenerateDataKey', 'kms:Decrypt'].filter(
    (action) =>
      !isAllowed(
        evaluate(
          {
            principal: { arn: 'events.amazonaws.com', account: '', type: 'service' },
            action,
            resource: refToken(key),
            resourceAccount: w.account,
            context: {
              'kms:EncryptionContext:aws:sns:topicArn': topicArn,
              'aws:SourceAccount': w.account,
              'kms:CallerAccount': w.account,
              'kms:ViaService': `sns.${w.region}.amazonaws.com`,
            },
          },
          { resource: { name: 'key policy', document } },
          { kind: 'kms-key' },
        ),
      ),
  );
  return refused.length > 0 ? [`its key ${key.logicalId} refuses EventBridge ${refused.join(', ')}`] : [];
}

/** The topic policies attached to a topic (an SNS topic has at most one effective). */
export function topicPolicies(model: AppModel, topic: ModelResource): ModelResource[] {
  return model
    .ofType('AWS::SNS::TopicPolicy')
    .filter((p) => asArray(p.props.Topics).some((t) => model.refersTo(t, topic, p.stack)));
}

/** Would the topic's policy let EventBridge publish on behalf of a rule with this ARN? */
export function publishDecision(
  model: AppModel,
  topic: ModelResource,
  sourceArn: string,
): ReturnType<typeof evaluate> {
  const w = where(topic.stack);
  const policy = topicPolicies(model, topic)[0];
  const document = policy ? render(model, policy.props.PolicyDocument, policy.stack) : { Statement: [] };
  return evaluate(
    {
      principal: { arn: 'events.amazonaws.com', account: '', type: 'service' },
      action: 'sns:Publish',
      resource: refToken(topic),
      resourceAccount: w.account,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': w.account, 'aws:SecureTransport': 'true' },
    },
    { resource: { name: 'topic policy', document } },
  );
}

export const publishAllowed = (model: AppModel, topic: ModelResource, rule: ModelResource) =>
  isAllowed(publishDecision(model, topic, refToken(rule)));

export { isDenied, UNKNOWN_TOKEN };

/** A rule that would deliver an alert, with its pattern rendered for matching. */
interface DeliveringRule {
  readonly rule: ModelResource;
  readonly pattern: Json;
}

// Per model (one validation run): the same rules are matched against hundreds of required events.
const delivering = new WeakMap<AppModel, DeliveringRule[]>();

/** Live rules whose target is a sound topic that admits them. */
function deliveringRules(model: AppModel): DeliveringRule[] {
  let rules = delivering.get(model);
  if (!rules) {
    rules = apiCallAlertRules(model)
      .filter(isLive)
      .filter((rule) =>
        targetTopics(model, rule).some(
          (t) => topicProblems(model, t).length === 0 && publishAllowed(model, t, rule),
        ),
      )
      .map((rule) => ({ rule, pattern: render(model, rule.props.EventPattern, rule.stack) }));
    delivering.set(model, rules);
  }
  return rules;
}

/** Rules that would deliver an alert for this event: live, matching, to a sound topic that admits them. */
export function alertingRules(model: AppModel, event: Json): ModelResource[] {
  return deliveringRules(model)
    .filter((d) => patternMatches(d.pattern, event))
    .map((d) => d.rule);
}

/** The names of required events no rule alerts on. */
export function unalerted(model: AppModel, required: readonly RequiredEvent[]): string[] {
  return [...new Set(required.filter((e) => alertingRules(model, e.event).length === 0).map((e) => e.name))];
}
