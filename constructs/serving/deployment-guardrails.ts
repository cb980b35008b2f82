import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../acknowledge';
import { SERVING_GUARDRAILS, servingNamePrefix } from '../../lib/contract';

export interface DeploymentGuardrailsProps {
  readonly projectName: string;
  /** The project's deployment role: it may deploy the project's models, under these guardrails. */
  readonly deploymentRole: iam.IRole;
  /** The execution roles of the project's models: the only roles a model may run as. */
  readonly servingRoles: iam.IRole[];
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** Encrypts endpoint volumes: the project's artifacts key. */
  readonly volumeKey: kms.IKey;
}

/** SageMaker hosting actions the deployment role needs to (re)deploy one of the project's endpoints. */
export const DEPLOYMENT_HOSTING_ACTIONS = [
  'sagemaker:CreateModel',
  'sagemaker:DescribeModel',
  'sagemaker:CreateEndpointConfig',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:CreateEndpoint',
  'sagemaker:UpdateEndpoint',
  'sagemaker:DescribeEndpoint',
  'sagemaker:AddTags',
] as const;

/**
 * The deployment role's serving guardrails (issue 12), one managed policy: it may create the
 * project's models, endpoint configs and endpoints (`<project>--...`), and is refused, by one Deny per
 * guardrail (lib/contract/serving.ts), a model without network isolation or outside the project
 * subnets and security group, an endpoint config without the project key or for another model, and
 * passing any role but the project's serving roles — which read released model versions only, so no
 * model it can create serves an unreleased artifact.
 */
export class DeploymentGuardrails extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: DeploymentGuardrailsProps) {
    super(scope, id);
    if (props.servingRoles.length === 0) throw new Error('servingRoles must name at least one role, got []');
    const { account, region, partition } = Stack.of(this);
    const arn = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${servingNamePrefix(props.projectName)}*`;
    const resources = ['model', 'endpoint-config', 'endpoint'].map(arn);
    const values = {
      projectName: props.projectName,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      volumeKeyArn: props.volumeKey.keyArn,
      modelArnPrefix: `arn:${partition}:sagemaker:${region}:${account}:model/`,
    };
    const roleArns = props.servingRoles.map((r) => r.roleArn);
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      description: `isotrain ${props.projectName}: deploy the project's models, isolated and encrypted`,
      roles: [props.deploymentRole],
      statements: [
        new iam.PolicyStatement({
          sid: 'DeployProjectEndpoints',
          actions: [...DEPLOYMENT_HOSTING_ACTIONS],
          resources,
        }),
        new iam.PolicyStatement({
          sid: 'PassServingRoles',
          actions: ['iam:PassRole'],
          resources: roleArns,
          conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        }),
        new iam.PolicyStatement({
          sid: 'DenyPassingOtherRoles',
          effect: iam.Effect.DENY,
          actions: ['iam:PassRole'],
          notResources: roleArns,
        }),
        ...SERVING_GUARDRAILS.map(
          (g) =>
            new iam.PolicyStatement({
              sid: g.sid,
              effect: iam.Effect.DENY,
              actions: [g.action],
              resources: ['*'],
              conditions: g.condition(values),
            }),
        ),
      ],
    });
    for (const r of resources) {
      acknowledgeWildcardResource(
        this.policy,
        r,
        `This project's hosting resources only (${servingNamePrefix(props.projectName)}...), under the serving guardrails of the same policy.`,
      );
    }
  }
}
