import * as kms from 'aws-cdk-lib/aws-kms';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { partitionOf } from '../../config';
import { servingAlarmNamePrefix } from '../../contract';
import { InvocationTrail, InvocationTrailProps } from '../../../constructs/serving/invocation-trail';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { JobIsolationMonitor } from '../../../constructs/job-isolation-monitor';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { TamperMonitor } from '../../../constructs/tamper-monitor';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface MonitoringStackProps extends ProjectStackProps {
  readonly network: IsolatedNetwork;
  /** The project's logs and audit key; encrypts the alert topic. */
  readonly logsKey: kms.IKey;
  /** The project's keys, watched for policy, state and grant changes. */
  readonly keys: kms.IKey[];
  /** Their alias names, which callers may use instead of the key ID. */
  readonly keyAliases: Map<kms.IKey, string[]>;
  /** The project's buckets, watched for policy and protection changes. */
  readonly buckets: s3.IBucket[];
  /** Where training jobs must write models and checkpoints. */
  readonly artifactsBucket: s3.IBucket;
  /** The project trail, watched for being stopped or narrowed. */
  readonly trail: cloudtrail.CfnTrail;
  /**
   * With endpoints (issue 12): where the trail of endpoint invocations delivers. It lives here, a
   * detective control beside the alerts that watch it.
   * @default - no invocation trail (a project without endpoints)
   */
  readonly invocations?: Omit<InvocationTrailProps, 'projectName' | 'encryptionKey'>;
}

/**
 * Detective controls: alerts when a training or processing job starts outside the project's
 * isolation, and when anyone tampers with what the preventive controls rest on (trail, buckets, keys,
 * job logs, DNS firewall, these alerts) or calls SageMaker outside the launcher allowlist.
 * Replaceable: the topic holds no data, and its key lives in the Keys stack.
 */
export class MonitoringStack extends ProjectStack {
  public readonly isolation: JobIsolationMonitor;
  public readonly tamper: TamperMonitor;

  public readonly invocationTrail?: InvocationTrail;

  /** CloudWatch alarms of the Serving stack publish to the alert topic, and no other alarm does. */
  private letServingAlarmsPublish(): void {
    const { name, account, region } = this.project;
    const topic = this.isolation.topic;
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'ServingAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': `arn:${partitionOf(region)}:cloudwatch:${region}:${account}:alarm:${servingAlarmNamePrefix(name)}*`,
          },
          StringEquals: { 'aws:SourceAccount': this.project.account },
        },
      }),
    );
  }

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { name, alerts } = this.project;
    if (props.invocations) {
      this.invocationTrail = new InvocationTrail(this, 'InvocationTrail', {
        ...props.invocations,
        projectName: name,
        encryptionKey: props.logsKey,
      });
    }
    const invocations = this.invocationTrail?.trail;
    this.isolation = new JobIsolationMonitor(this, 'JobIsolation', {
      projectName: name,
      encryptionKey: props.logsKey,
      subnetIds: props.network.trainingSubnets.map((s) => s.subnetId),
      securityGroupIds: [props.network.trainingSecurityGroup.securityGroupId],
      emails: alerts.emails,
      queues: alerts.queues,
    });
    this.tamper = new TamperMonitor(this, 'Tamper', {
      projectName: name,
      topic: this.isolation.topic,
      trailName: props.trail.ref,
      trailArn: props.trail.attrArn,
      ...(invocations ? { otherTrails: [invocations.ref, invocations.attrArn] } : {}),
      bucketNames: props.buckets.map((b) => b.bucketName),
      artifactsBucketName: props.artifactsBucket.bucketName,
      keys: props.keys.map((k) => ({ keyId: k.keyId, aliases: props.keyAliases.get(k) ?? [] })),
      ruleNamePrefix: `${this.stackName}-`,
    });
    if (invocations) this.letServingAlarmsPublish();
    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: { AlertTopicArn: this.isolation.topic.topicArn },
    });
  }
}
