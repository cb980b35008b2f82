/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { evaluate, isDenied } from '../../iam';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import {
  apiCallAlertRules,
  publishAllowed,
  publishDecision,
  targetTopics,
  topicPolicies,
  topicProblems,
} from '../events/alerts';
import { refToken, render, where } from '../events/render';
import { findings, named } from '../findings';

const OTHER_ACCOUNT = '999988887777';

/**
 * What silences the alerts if a stranger may do it: delete the topic, rewrite its policy, key or
 * delivery settings, or drop its subscribers.
 */
const TOPIC_CONTROL_ACTIONS = [
  'sns:DeleteTopic',
  'sns:SetTopicAttributes',
  'sns:AddPermission',
  'sns:RemovePermission',
  'sns:PutDataProtectionPolicy',
  'sns:Unsubscribe',
];

/** Publishing that must be refused: another rule of the account or of another account, anyone, another account's role. */
function strangersAdmitted(model: AppModel, topic: ModelResource): string[] {
  const w = where(topic.stack);
  const out: string[] = [];
  const otherRule = `arn:${w.partition}:events:${w.region}:${w.account}:rule/not-an-alert-rule`;
  if (!isDenied(publishDecision(model, topic, otherRule)))
    out.push('another rule of the account may publish');
  const foreignRule = `arn:${w.partition}:events:${w.region}:${OTHER_ACCOUNT}:rule/theirs`;
  if (!isDenied(publishDecision(model, topic, foreignRule)))
    out.push('a rule of another account may publish');
  const policy = topicPolicies(model, topic)[0];
  const document = policy ? render(model, policy.props.PolicyDocument, policy.stack) : { Statement: [] };
  const stranger = (principal: Parameters<typeof evaluate>[0]['principal'], action = 'sns:Publish') =>
    evaluate(
      { principal, action, resource: refToken(topic), resourceAccount: w.account },
      {
        identity: [
          { name: 'theirs', document: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        ],
        resource: { name: 'topic policy', document },
      },
    );
  const anonymous = { arn: 'anonymous', account: '', type: 'anonymous' } as const;
  if (!isDenied(stranger(anonymous))) out.push('anyone may publish');
  const foreignRole = {
    arn: `arn:aws:iam::${OTHER_ACCOUNT}:role/theirs`,
    account: OTHER_ACCOUNT,
    type: 'role',
  } as const;
  if (!isDenied(stranger(foreignRole))) out.push('another account may publish');
  for (const [who, principal] of [
    ['anyone', anonymous],
    ['another account', foreignRole],
  ] as const) {
    const allowed = TOPIC_CONTROL_ACTIONS.filter((a) => !isDenied(stranger(principal, a)));
    if (allowed.length > 0) out.push(`${who} may ${allowed.join(', ')} (silencing the alerts)`);
  }
  return out;
}

/**
 * Subscriptions that deliver alerts as cleartext HTTP: the topic's encryption ends at SNS, and who
 * tampered with what crosses the internet readable and unauthenticated (SNS signs messages, but
 * nothing makes the receiver check). Other protocols are not judged by where they lead: who owns
 * an address, URL or another account's queue or function is not in the template, and the project
 * file admits queues of any account.
 */
function cleartextSubscriptions(model: AppModel, topic: ModelResource): string[] {
  const plain = (protocol: Json) => String(protocol).toLowerCase() === 'http';
  const inline = asArray(topic.props.Subscription)
    .filter((s: Json) => plain(s?.Protocol))
    .map((s: Json) => `a subscription to ${flatten(s?.Endpoint)}`);
  const separate = model
    .ofType('AWS::SNS::Subscription')
    .filter((s) => model.refersTo(s.props.TopicArn, topic, s.stack) && plain(s.props.Protocol))
    .map((s) => `subscription ${s.logicalId} (${flatten(s.props.Endpoint)})`);
  return [...inline, ...separate].map((s) => `${s} delivers the alerts over plain HTTP`);
}

export const AlertTopic: IsolationRule = {
  id: 'MON3',
  control: 14,
  types: ['AWS::SNS::Topic'],
  info: 'The alert topic is not KMS-encrypted with a customer-managed key, has no subscriber, delivers over plain HTTP, does not admit its alert rules, or admits others to publish or to delete, reconfigure or unsubscribe it.',
  explanation:
    'Alerts nobody receives, that EventBridge may not deliver, or that anyone can forge or drown are no ' +
    'detective control, and alerts sent as cleartext HTTP can be read on the way. Encrypt the ' +
    'topic with a project key (KmsMasterKeyId), subscribe at least one address or queue (https, not http, ' +
    'for a web endpoint), and give it a policy that allows sns:Publish to events.amazonaws.com only with ' +
    'aws:SourceArn equal to the alert rules (JobIsolationMonitor and TamperMonitor do this); the key policy must ' +
    'let events.amazonaws.com use the key for the topic (kms:GenerateDataKey*, kms:Decrypt).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const rules = apiCallAlertRules(model).filter((rule) => targetTopics(model, rule).includes(r));
    if (rules.length === 0) return NOT_APPLICABLE;
    return findings([
      ...topicProblems(model, r),
      ...rules
        .filter((rule) => !publishAllowed(model, r, rule))
        .map((rule) => `${named(rule)} may not publish`),
      ...strangersAdmitted(model, r),
      ...cleartextSubscriptions(model, r),
    ]);
  },
};
