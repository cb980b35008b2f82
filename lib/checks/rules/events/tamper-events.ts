/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation values are untyped JSON */
import {
  ACCOUNT_PUBLIC_ACCESS_EVENTS,
  BUCKET_TAMPER_EVENTS,
  DNS_FIREWALL_TAMPER_EVENTS,
  JOB_LOG_EXPORT_EVENTS,
  JOB_LOG_GROUPS,
  KEY_GRANT_EVENT,
  KEY_TAMPER_EVENTS,
  LAUNCHER_SAGEMAKER_ACTIONS,
  LOGS_ACCOUNT_POLICY_EVENTS,
  MONITORING_TAMPER_EVENTS,
  TRAIL_TAMPER_EVENTS,
} from '../../../contract';
import { AppModel, ModelResource } from '../../model';
import { RequiredEvent, apiCall } from './alerts';
import { securityGroupsOf, subnetsOf } from './network-of';
import { refToken, where } from './render';

const TRAIL_NAME_PARAMETER: Record<string, string> = {
  PutEventSelectors: 'trailName',
  PutInsightSelectors: 'trailName',
};

/** Stopping, deleting or narrowing the trail, named as the API takes it. */
export function trailTampering(trail: ModelResource): RequiredEvent[] {
  return TRAIL_TAMPER_EVENTS.map((name) => ({
    name,
    event: apiCall(trail, 'cloudtrail', name, { [TRAIL_NAME_PARAMETER[name] ?? 'name']: refToken(trail) }),
  }));
}

/** A bucket's policy, replication, lifecycle, lock, public access ... changed; the account's public access block. */
export function bucketTampering(bucket: ModelResource): RequiredEvent[] {
  return [
    ...BUCKET_TAMPER_EVENTS.map((name) => ({
      name,
      event: apiCall(bucket, 's3', name, { bucketName: refToken(bucket) }),
    })),
    ...ACCOUNT_PUBLIC_ACCESS_EVENTS.map((name) => ({
      name,
      event: apiCall(bucket, 's3', name, { accountId: where(bucket.stack).account }),
    })),
  ];
}

/**
 * A key's policy, state or existence changed, or a grant made by anyone but the job services. The API
 * names the key by ID, ARN or alias: each must alert.
 */
export function keyTampering(model: AppModel, key: ModelResource): RequiredEvent[] {
  const w = where(key.stack);
  const aliases = model
    .ofType('AWS::KMS::Alias')
    .filter((a) => model.refersTo(a.props.TargetKeyId, key, a.stack))
    .map((a) => a.props.AliasName)
    .filter((n): n is string => typeof n === 'string');
  const ids = [
    refToken(key),
    `arn:${w.partition}:kms:${w.region}:${w.account}:key/${refToken(key)}`,
    ...aliases,
  ];
  return ids.flatMap((keyId) => [
    ...KEY_TAMPER_EVENTS.map((name) => ({ name, event: apiCall(key, 'kms', name, { keyId }) })),
    { name: `${KEY_GRANT_EVENT} by a person`, event: apiCall(key, 'kms', KEY_GRANT_EVENT, { keyId }) },
    {
      name: `${KEY_GRANT_EVENT} through another service`,
      event: apiCall(
        key,
        'kms',
        KEY_GRANT_EVENT,
        { keyId },
        { userIdentity: { type: 'AssumedRole', invokedBy: 'lambda.amazonaws.com' } },
      ),
    },
  ]);
}

/** Exports, subscriptions, unmasking or deletion of the shared job log groups, by name or ARN. */
export function jobLogTampering(anchor: ModelResource): RequiredEvent[] {
  const w = where(anchor.stack);
  return [
    ...JOB_LOG_GROUPS.flatMap((group) =>
      JOB_LOG_EXPORT_EVENTS.flatMap((name) => [
        { name, event: apiCall(anchor, 'logs', name, { logGroupName: group }) },
        {
          name,
          event: apiCall(anchor, 'logs', name, {
            logGroupIdentifier: `arn:${w.partition}:logs:${w.region}:${w.account}:log-group:${group}`,
          }),
        },
      ]),
    ),
    ...LOGS_ACCOUNT_POLICY_EVENTS.map((name) => ({
      name,
      event: apiCall(anchor, 'logs', name, { policyType: 'SUBSCRIPTION_FILTER_POLICY' }),
    })),
  ];
}

/** SageMaker APIs that start compute or open access and that the launcher may not call. */
const SAGEMAKER_OUTSIDE = [
  'CreateEndpoint',
  'UpdateEndpoint',
  'CreateEndpointConfig',
  'CreateModel',
  'CreateTransformJob',
  'CreateHyperParameterTuningJob',
  'CreateNotebookInstance',
  'CreatePresignedNotebookInstanceUrl',
  'CreateDomain',
  'CreateCluster',
  'UpdateCluster',
  'CreateInferenceComponent',
  'CreateMlflowTrackingServer',
  'CreatePipeline',
].filter((a) => !(LAUNCHER_SAGEMAKER_ACTIONS as readonly string[]).includes(`sagemaker:${a}`));

export function sageMakerOutsideAllowlist(anchor: ModelResource): RequiredEvent[] {
  return SAGEMAKER_OUTSIDE.map((name) => ({ name, event: apiCall(anchor, 'sagemaker', name, {}) }));
}

/** The DNS firewall or query logging of the VPC loosened, disassociated or failed open. */
export function dnsFirewallTampering(vpc: ModelResource): RequiredEvent[] {
  return DNS_FIREWALL_TAMPER_EVENTS.map((name) => ({
    name,
    event: apiCall(vpc, 'route53resolver', name, { resourceId: refToken(vpc), vpcId: refToken(vpc) }),
  }));
}

/** The alert topic deleted, re-permissioned or unsubscribed from. */
export function topicTampering(topic: ModelResource): RequiredEvent[] {
  return MONITORING_TAMPER_EVENTS.sns.map((name) => ({
    name,
    event: apiCall(
      topic,
      'sns',
      name,
      name === 'Unsubscribe'
        ? { subscriptionArn: `${refToken(topic)}:0f1e2d3c` }
        : { topicArn: refToken(topic) },
    ),
  }));
}

/**
 * A training job, isolated in this VPC, writing its model or checkpoints outside the project's buckets:
 * the launcher's guardrails cannot pin the output path (no IAM condition key exists for it).
 */
export function trainingOutputsElsewhere(model: AppModel, vpc: ModelResource): RequiredEvent[] {
  const elsewhere = 's3://isotrain-check-elsewhere/out/';
  const isolated = {
    trainingJobName: 'job',
    enableNetworkIsolation: true,
    vpcConfig: {
      subnets: subnetsOf(model, vpc).map(refToken),
      securityGroupIds: securityGroupsOf(model, vpc).map(refToken).slice(0, 1),
    },
  };
  return [
    {
      name: 'CreateTrainingJob with its output elsewhere',
      event: apiCall(vpc, 'sagemaker', 'CreateTrainingJob', {
        ...isolated,
        outputDataConfig: { s3OutputPath: elsewhere },
      }),
    },
    {
      name: 'CreateTrainingJob with its checkpoints elsewhere',
      event: apiCall(vpc, 'sagemaker', 'CreateTrainingJob', {
        ...isolated,
        checkpointConfig: { s3Uri: elsewhere },
      }),
    },
  ];
}

/**
 * An alert rule disabled, deleted, rewritten or retargeted. Its deployed name is its Name, or the
 * stack's name, its logical ID and a suffix CloudFormation adds.
 */
export function alertRuleTampering(rule: ModelResource): RequiredEvent[] {
  const name =
    typeof rule.props.Name === 'string'
      ? rule.props.Name
      : `${rule.stack.stackName}-${rule.logicalId}`.slice(0, 51) + '-1A2B3C4D5E6F';
  return MONITORING_TAMPER_EVENTS.events.map((eventName) => ({
    name: eventName,
    event: apiCall(rule, 'events', eventName, eventName.endsWith('Targets') ? { rule: name } : { name }),
  }));
}
