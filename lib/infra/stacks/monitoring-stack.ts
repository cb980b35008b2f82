import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { JobIsolationMonitor } from '../../../constructs/job-isolation-monitor';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface MonitoringStackProps extends ProjectStackProps {
  readonly network: IsolatedNetwork;
  /** The project's logs and audit key; encrypts the alert topic. */
  readonly logsKey: kms.IKey;
}

/**
 * Detective controls: alerts when a training or processing job starts outside the project's
 * isolation. Replaceable: the topic holds no data, and its key lives in the Keys stack.
 */
export class MonitoringStack extends ProjectStack {
  public readonly isolation: JobIsolationMonitor;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { name, alerts } = this.project;
    this.isolation = new JobIsolationMonitor(this, 'JobIsolation', {
      projectName: name,
      encryptionKey: props.logsKey,
      subnetIds: props.network.trainingSubnets.map((s) => s.subnetId),
      securityGroupIds: [props.network.trainingSecurityGroup.securityGroupId],
      emails: alerts.emails,
    });
    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: { AlertTopicArn: this.isolation.topic.topicArn },
    });
  }
}
