import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface JobIsolationMonitorProps {
  readonly projectName: string;
  /** Encrypts the alert topic: the project's logs and audit key, whose policy admits EventBridge for this account's topics. */
  readonly encryptionKey: kms.IKey;
  /** The project's training subnets: a job in any other subnet raises an alert. */
  readonly subnetIds: string[];
  /** The project's training security groups: a job with any other raises an alert. */
  readonly securityGroupIds: string[];
  /**
   * Email addresses subscribed to the alert topic (each confirms by email).
   * @default - none
   */
  readonly emails?: string[];
  /**
   * SQS queue ARNs subscribed to the alert topic (e.g. a security team's queue in another account,
   * whose owner allows this topic to send and confirms the subscription).
   * @default - none
   */
  readonly queues?: string[];
}

/** The CloudTrail fields each API puts its network settings in (requestParameters, camelCase). */
const JOB_APIS = {
  CreateTrainingJob: { isolation: ['enableNetworkIsolation'], vpc: ['vpcConfig'], name: 'trainingJobName' },
  CreateProcessingJob: {
    isolation: ['networkConfig', 'enableNetworkIsolation'],
    vpc: ['networkConfig', 'vpcConfig'],
    name: 'processingJobName',
  },
} as const;

function nest(path: readonly string[], leaf: unknown): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>(
    (inner, key) => ({ [key]: inner }),
    leaf as Record<string, unknown>,
  );
}

/**
 * The event pattern of one API: a CloudTrail-recorded call that does not turn network isolation
 * on, has no VPC config, or names a subnet or security group that is not the project's. Any one of
 * these matches (`$or`); arrays match when any element does, so one foreign subnet is enough.
 */
export function isolationBreachPattern(
  api: keyof typeof JOB_APIS,
  subnetIds: string[],
  securityGroupIds: string[],
): events.EventPattern {
  const { isolation, vpc } = JOB_APIS[api];
  const params = (path: readonly string[], leaf: unknown) => ({ requestParameters: nest(path, leaf) });
  return {
    source: ['aws.sagemaker'],
    detailType: ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['sagemaker.amazonaws.com'],
      eventName: [api],
      $or: [
        params(isolation, [false]),
        params(isolation, [{ exists: false }]),
        params([...vpc, 'subnets'], [{ exists: false }]),
        params([...vpc, 'subnets'], [{ 'anything-but': subnetIds }]),
        params([...vpc, 'securityGroupIds'], [{ exists: false }]),
        params([...vpc, 'securityGroupIds'], [{ 'anything-but': securityGroupIds }]),
      ],
    },
  };
}

/**
 * Detective control behind the launcher guardrails: an EventBridge rule per job API that catches
 * CreateTrainingJob / CreateProcessingJob calls made outside the project's isolation (whoever made
 * them, allowed or refused) and alerts a KMS-encrypted SNS topic. Relies on the project trail's
 * management events in this region.
 */
export class JobIsolationMonitor extends Construct {
  public readonly topic: sns.Topic;
  public readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: JobIsolationMonitorProps) {
    super(scope, id);
    if (props.subnetIds.length === 0) throw new Error('subnetIds must name at least one subnet, got []');
    if (props.securityGroupIds.length === 0)
      throw new Error('securityGroupIds must name at least one security group, got []');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `isotrain ${props.projectName}: job isolation alerts`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    for (const email of props.emails ?? [])
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    (props.queues ?? []).forEach((arn, i) =>
      this.topic.addSubscription(
        new subscriptions.SqsSubscription(sqs.Queue.fromQueueArn(this, `Queue${i}`, arn)),
      ),
    );

    this.rules = (Object.keys(JOB_APIS) as (keyof typeof JOB_APIS)[]).map((api) => {
      const rule = new events.Rule(this, api.replace(/^Create/, ''), {
        description: `isotrain ${props.projectName}: ${api} outside the project's network isolation`,
        eventPattern: isolationBreachPattern(api, props.subnetIds, props.securityGroupIds),
      });
      const message = events.RuleTargetInput.fromText(
        `isotrain ${props.projectName}: ${api} outside the project's isolation: ` +
          `job ${events.EventField.fromPath(`$.detail.requestParameters.${JOB_APIS[api].name}`)} ` +
          `by ${events.EventField.fromPath('$.detail.userIdentity.arn')} ` +
          `at ${events.EventField.fromPath('$.detail.eventTime')} ` +
          `(error, if refused: ${events.EventField.fromPath('$.detail.errorCode')}); ` +
          `CloudTrail event ${events.EventField.fromPath('$.detail.eventID')}`,
      );
      // Bound by hand rather than with targets.SnsTopic, which would let any rule of any account
      // publish (no aws:SourceArn) and add an unconditioned key-policy statement.
      rule.addTarget({ bind: () => ({ arn: this.topic.topicArn, input: message }) });
      return rule;
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheseRulesPublish',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rules.map((r) => r.ruleArn) } },
      }),
    );
  }
}
