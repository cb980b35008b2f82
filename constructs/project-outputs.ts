import { CfnOutput } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ProjectOutputKey, parameterName } from '../lib/contract';

export interface ProjectOutputsProps {
  readonly projectName: string;
  /** Values to publish; lists are joined with commas. */
  readonly values: Partial<Record<ProjectOutputKey, string | string[]>>;
}

/** Publishes values as stack outputs and as SSM parameters under `/isotrain/<project>/`. */
export class ProjectOutputs extends Construct {
  constructor(scope: Construct, id: string, props: ProjectOutputsProps) {
    super(scope, id);
    for (const [key, raw] of Object.entries(props.values) as [ProjectOutputKey, string | string[]][]) {
      const value = Array.isArray(raw) ? raw.join(',') : raw;
      new CfnOutput(scope, key, { value, description: `isotrain ${props.projectName}: ${key}` });
      new ssm.StringParameter(this, key, {
        parameterName: parameterName(props.projectName, key),
        stringValue: value,
        description: `isotrain ${props.projectName}: ${key}`,
      });
    }
  }
}
