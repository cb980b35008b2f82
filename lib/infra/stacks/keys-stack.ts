import { Construct } from 'constructs';
import { ProjectKeys } from '../../../constructs/project-keys';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { ProjectStack, ProjectStackProps } from './project-stack';

/** The project's customer-managed keys. Stateful and termination-protected; every key is retained. */
export class KeysStack extends ProjectStack {
  public readonly keys: ProjectKeys;

  constructor(scope: Construct, id: string, props: ProjectStackProps) {
    super(scope, id, { ...props, terminationProtection: true });
    this.keys = new ProjectKeys(this, 'Keys', {
      projectName: this.project.name,
      alarmPublishing: this.project.serving.endpoints.length > 0,
    });
    new ProjectOutputs(this, 'Outputs', {
      projectName: this.project.name,
      values: {
        DataKeyArn: this.keys.data.keyArn,
        ArtifactsKeyArn: this.keys.artifacts.keyArn,
        LogsKeyArn: this.keys.logs.keyArn,
      },
    });
  }
}
