import { Construct } from 'constructs';
import { IsolatedNetwork } from '../../constructs/isolated-network';
import { JobIsolationMonitor } from '../../constructs/job-isolation-monitor';
import { ProjectOutputs } from '../../constructs/project-outputs';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface MonitoringStackProps extends ProjectStackProps {
  readonly network: IsolatedNetwork;
}

/**
 * Detective controls: alerts when a training or processing job starts outside the project's
 * isolation. Replaceable: the topic holds no data; its key is retained.
 */
export class MonitoringStack extends ProjectStack {
  public readonly isolation: JobIsolationMonitor;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { name, alerts } = this.project;
    this.isolation = new JobIsolationMonitor(this, 'JobIsolation', {
      projectName: name,
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
