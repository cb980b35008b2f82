import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  ACCOUNT_PUBLIC_ACCESS_EVENTS,
  BUCKET_TAMPER_EVENTS,
  CHECKPOINT_PREFIX,
  MODEL_PREFIX,
  DNS_FIREWALL_TAMPER_EVENTS,
  JOB_LOG_EXPORT_EVENTS,
  JOB_LOG_GROUPS,
  KEY_GRANT_EVENT,
  KEY_TAMPER_EVENTS,
  LAUNCHER_SAGEMAKER_ACTIONS,
  LOGS_ACCOUNT_POLICY_EVENTS,
  MONITORING_TAMPER_EVENTS,
  ROUTINE_GRANT_SERVICES,
  TRAIL_TAMPER_EVENTS,
} from '../lib/contract';

const API_CALL = 'AWS API Call via CloudTrail';

/** A CloudTrail-recorded call of one service whose detail matches `detail`. */
function apiCall(service: string, detail: Record<string, unknown>): events.EventPattern {
  return {
    source: [`aws.${service}`],
    detailType: [API_CALL],
    detail: { eventSource: [`${service}.amazonaws.com`], ...detail },
  };
}

/** The project trail stops, is deleted, or records less. The API takes the trail by name or ARN. */
export function trailTamperPattern(
  trailName: string,
  trailArn: string,
  ...others: readonly string[]
): events.EventPattern {
  const trail = [trailName, trailArn, ...others];
  return apiCall('cloudtrail', {
    eventName: [...TRAIL_TAMPER_EVENTS],
    $or: [{ requestParameters: { name: trail } }, { requestParameters: { trailName: trail } }],
  });
}

/** A project bucket's policy, replication, lifecycle, Object Lock, public access, ... change; or the account's public access block. */
export function bucketTamperPattern(bucketNames: string[]): events.EventPattern {
  return apiCall('s3', {
    $or: [
      { eventName: [...BUCKET_TAMPER_EVENTS], requestParameters: { bucketName: bucketNames } },
      { eventName: [...ACCOUNT_PUBLIC_ACCESS_EVENTS] },
    ],
  });
}

/** How CloudTrail may name a project key in `requestParameters.keyId`: its ID, its ARN, an alias name or alias ARN. */
export interface WatchedKey {
  /** The key ID (a UUID); the key ARN ends with it. */
  readonly keyId: string;
  /** Its aliases (`alias/...`); alias ARNs end with them. */
  readonly aliases: string[];
}

/**
 * A project key's policy, state or existence changes, or someone grants use of it. Grants that
 * SageMaker and EC2 create for a job's volumes (`userIdentity.invokedBy`) are routine; a grant made
 * directly (no `invokedBy`) or through any other service alerts. The key policy already refuses
 * grants that are not for AWS resources, so a refused attempt alerts too (errorCode in the message).
 */
export function keyTamperPattern(keys: WatchedKey[]): events.EventPattern {
  const onProjectKeys = {
    requestParameters: {
      keyId: keys.flatMap((k) => [{ suffix: k.keyId }, ...k.aliases.map((a) => ({ suffix: a }))]),
    },
  };
  return apiCall('kms', {
    $or: [
      { ...onProjectKeys, eventName: [...KEY_TAMPER_EVENTS] },
      { ...onProjectKeys, eventName: [KEY_GRANT_EVENT], userIdentity: { invokedBy: [{ exists: false }] } },
      {
        ...onProjectKeys,
        eventName: [KEY_GRANT_EVENT],
        userIdentity: { invokedBy: [{ 'anything-but': [...ROUTINE_GRANT_SERVICES] }] },
      },
    ],
  });
}

/**
 * Someone disables, deletes, re-targets or rewrites a rule of this Monitoring stack (CloudFormation
 * names them `<stack name>-...`). Best effort: a rule deleted first cannot report its own deletion,
 * which CloudTrail still records.
 */
export function alertRuleTamperPattern(ruleNamePrefix: string): events.EventPattern {
  const ours = [{ prefix: ruleNamePrefix }];
  return apiCall('events', {
    eventName: [...MONITORING_TAMPER_EVENTS.events],
    $or: [{ requestParameters: { name: ours } }, { requestParameters: { rule: ours } }],
  });
}

/** Someone deletes, re-permissions or re-configures the alert topic, or unsubscribes from it. */
export function alertTopicTamperPattern(topicArn: string): events.EventPattern {
  return apiCall('sns', {
    eventName: [...MONITORING_TAMPER_EVENTS.sns],
    $or: [
      { requestParameters: { topicArn: [topicArn] } },
      { requestParameters: { subscriptionArn: [{ prefix: `${topicArn}:` }] } },
    ],
  });
}

/**
 * The shared job log groups are exported, subscribed to, unmasked or deleted, by anyone; or an
 * account-wide log policy (subscription filter, data protection) changes. Log groups are named by
 * `logGroupName` in older APIs and by `logGroupIdentifier` or `resourceIdentifier` (a name or an ARN)
 * in newer ones.
 */
export function jobLogExportPattern(): events.EventPattern {
  const groups = [...JOB_LOG_GROUPS];
  const identifiers = [
    ...groups,
    ...groups.flatMap((g) => [{ suffix: `:log-group:${g}` }, { suffix: `:log-group:${g}:*` }]),
  ];
  return apiCall('logs', {
    $or: [
      { eventName: [...JOB_LOG_EXPORT_EVENTS], requestParameters: { logGroupName: groups } },
      { eventName: [...JOB_LOG_EXPORT_EVENTS], requestParameters: { logGroupIdentifier: identifiers } },
      { eventName: [...JOB_LOG_EXPORT_EVENTS], requestParameters: { resourceIdentifier: identifiers } },
      { eventName: [...LOGS_ACCOUNT_POLICY_EVENTS] },
    ],
  });
}

/**
 * Any SageMaker call that changes something (CloudTrail's `readOnly: false`) and is not one the
 * launcher is allowed to make: compute, endpoints, notebooks, clusters, pipelines, APIs added later.
 * Whoever made it, allowed or refused.
 */
export function sageMakerOutsideAllowlistPattern(): events.EventPattern {
  const allowed = LAUNCHER_SAGEMAKER_ACTIONS.map((a) => a.replace(/^sagemaker:/, ''));
  return apiCall('sagemaker', { readOnly: [false], eventName: [{ 'anything-but': allowed }] });
}

/**
 * A training job whose model or checkpoints go anywhere but `models/` and `checkpoints/` of the
 * artifact bucket. The training role may write every output prefix of the project, evaluations/
 * included, and a container names its checkpoint files: a job pointed at evaluations/ could leave a
 * results.json there, the one object the release role reads from outside.
 */
export function trainingOutputsPattern(artifactsBucket: string): events.EventPattern {
  const outside = (prefix: string) => [{ 'anything-but': { prefix: `s3://${artifactsBucket}/${prefix}` } }];
  return apiCall('sagemaker', {
    eventName: ['CreateTrainingJob'],
    $or: [
      { requestParameters: { outputDataConfig: { s3OutputPath: outside(MODEL_PREFIX) } } },
      { requestParameters: { checkpointConfig: { s3Uri: outside(CHECKPOINT_PREFIX) } } },
    ],
  });
}

/** The project VPC's DNS firewall or query logging is disassociated, loosened or failed open. */
export function dnsFirewallTamperPattern(): events.EventPattern {
  return apiCall('route53resolver', { eventName: [...DNS_FIREWALL_TAMPER_EVENTS] });
}

export interface TamperMonitorProps {
  readonly projectName: string;
  /** The project's encrypted alert topic; these rules are added to the ones allowed to publish to it. */
  readonly topic: sns.ITopic;
  readonly trailName: string;
  readonly trailArn: string;
  /**
   * Names and ARNs of the project's other trails (the serving invocation trail), watched the same way.
   * @default - only the project trail
   */
  readonly otherTrails?: readonly string[];
  /** The project's data, artifact, audit and access-log buckets. */
  readonly bucketNames: string[];
  /** The artifact bucket, where training jobs write models and checkpoints. */
  readonly artifactsBucketName: string;
  /** The project's keys. */
  readonly keys: WatchedKey[];
  /** CloudFormation's name prefix for the rules of the stack this construct lives in (`<stack>-`). */
  readonly ruleNamePrefix: string;
}

/**
 * Detective controls for what a preventive control cannot stop, because an administrator may change
 * it: one EventBridge rule per concern, each alerting the project's encrypted topic with who did
 * what, when, and the CloudTrail event ID. Relies on the project trail's management events.
 */
export class TamperMonitor extends Construct {
  public readonly rules: events.Rule[] = [];

  constructor(scope: Construct, id: string, props: TamperMonitorProps) {
    super(scope, id);
    const watch = (ruleId: string, concern: string, eventPattern: events.EventPattern) => {
      const rule = new events.Rule(this, ruleId, {
        description: `isotrain ${props.projectName}: ${concern}`,
        eventPattern,
      });
      const message = events.RuleTargetInput.fromText(
        `isotrain ${props.projectName}: ${concern}: ` +
          `${events.EventField.fromPath('$.detail.eventName')} ` +
          `by ${events.EventField.fromPath('$.detail.userIdentity.arn')} ` +
          `at ${events.EventField.fromPath('$.detail.eventTime')} ` +
          `(error, if refused: ${events.EventField.fromPath('$.detail.errorCode')}); ` +
          `CloudTrail event ${events.EventField.fromPath('$.detail.eventID')}`,
      );
      // Bound by hand rather than with targets.SnsTopic, which would let any rule of any account
      // publish (no aws:SourceArn) and add an unconditioned key-policy statement.
      rule.addTarget({ bind: () => ({ arn: props.topic.topicArn, input: message }) });
      this.rules.push(rule);
    };
    watch(
      'TrailTampering',
      'the project trail was stopped, deleted or narrowed',
      trailTamperPattern(props.trailName, props.trailArn, ...(props.otherTrails ?? [])),
    );
    watch(
      'BucketTampering',
      "a project bucket's policy or protection changed",
      bucketTamperPattern(props.bucketNames),
    );
    watch('KeyTampering', "a project key's policy, state or grants changed", keyTamperPattern(props.keys));
    watch(
      'JobLogExport',
      'the job log groups were exported, subscribed, unmasked or deleted',
      jobLogExportPattern(),
    );
    watch(
      'SageMakerOutsideAllowlist',
      'a SageMaker change outside the launcher allowlist',
      sageMakerOutsideAllowlistPattern(),
    );
    watch(
      'TrainingOutputsElsewhere',
      'a training job writes outside models/ and checkpoints/',
      trainingOutputsPattern(props.artifactsBucketName),
    );
    watch('DnsFirewallTampering', 'the DNS firewall or query logging changed', dnsFirewallTamperPattern());
    watch(
      'AlertRuleTampering',
      'an alert rule of this project changed',
      alertRuleTamperPattern(props.ruleNamePrefix),
    );
    watch('AlertTopicTampering', 'the alert topic changed', alertTopicTamperPattern(props.topic.topicArn));
    props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTamperRulesPublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rules.map((r) => r.ruleArn) } },
      }),
    );
  }
}
