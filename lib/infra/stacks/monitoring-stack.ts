import * as kms from 'aws-cdk-lib/aws-kms';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
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

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { name, alerts } = this.project;
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
      bucketNames: props.buckets.map((b) => b.bucketName),
      artifactsBucketName: props.artifactsBucket.bucketName,
      keys: props.keys.map((k) => ({ keyId: k.keyId, aliases: props.keyAliases.get(k) ?? [] })),
      ruleNamePrefix: `${this.stackName}-`,
    });
    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: { AlertTopicArn: this.isolation.topic.topicArn },
    });
  }
}
