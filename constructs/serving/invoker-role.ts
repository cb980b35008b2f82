import { Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { PURPOSE_TAG, SERVING_PURPOSES } from '../../lib/contract';
import { trustOnly } from '../trust';

export interface InvokerRoleProps {
  readonly projectName: string;
  /** The endpoint's SageMaker name (for descriptions). */
  readonly endpointName: string;
  /** The endpoint's ARN: the only resource the role may invoke. */
  readonly endpointArn: string;
  /** IAM role or user ARNs of this account that may assume the role (`consumers`). */
  readonly consumers: string[];
}

/** What an invoker may call: a synchronous or streamed invocation, nothing else. */
export const INVOKE_ACTIONS = [
  'sagemaker:InvokeEndpoint',
  'sagemaker:InvokeEndpointWithResponseStream',
] as const;

/**
 * The role an endpoint's consumers assume to call it. Trusts only the consumers the project file
 * names; allows invoking that one endpoint and nothing else, through a managed policy, so the inline
 * Deny `isotrain serving stop` puts on the role is never removed by a deploy.
 */
export class InvokerRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: InvokerRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${props.projectName}: invoke endpoint ${props.endpointName}, nothing else`,
      assumedBy: trustOnly(props.consumers, 'consumers'),
    });
    Tags.of(this.role).add(PURPOSE_TAG, SERVING_PURPOSES.invokerRole);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${props.projectName}: invoke endpoint ${props.endpointName}`,
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeThisEndpoint',
          actions: [...INVOKE_ACTIONS],
          resources: [props.endpointArn],
        }),
      ],
    });
  }
}
