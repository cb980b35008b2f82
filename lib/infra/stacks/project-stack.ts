import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProjectConfig } from '../../config';

export interface ProjectStackProps extends StackProps {
  readonly project: ProjectConfig;
}

/**
 * Base for every project stack. Availability zones come from the project file: a stack with an
 * account would otherwise ask AWS for them at synth time, and synth must stay offline.
 */
export class ProjectStack extends Stack {
  public readonly project: ProjectConfig;

  constructor(scope: Construct, id: string, props: ProjectStackProps) {
    super(scope, id, props);
    this.project = props.project;
  }

  public override get availabilityZones(): string[] {
    return [...this.project.network.availabilityZones];
  }
}
