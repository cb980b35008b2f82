import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { prefixSid } from '../../../constructs/s3-data-perimeter';
import { EndpointAlarms } from '../../../constructs/serving/endpoint-alarms';
import { InvokerRole } from '../../../constructs/serving/invoker-role';
import { ServedModel } from '../../../constructs/serving/served-model';
import { ServingOutputs } from '../../../constructs/serving/serving-outputs';
import { iamPrincipalArn, partitionOf } from '../../config';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface ServingStackProps extends ProjectStackProps {
  readonly network: IsolatedNetwork;
  readonly artifactsBucket: s3.IBucket;
  readonly artifactsKey: kms.IKey;
  readonly captureBucket: s3.IBucket;
  readonly dataKey: kms.IKey;
  /** Each endpoint's execution role (Data stack, beside the artifact bucket whose policy names it). */
  readonly servingRoles: ReadonlyMap<string, iam.IRole>;
  /** The project's encrypted alert topic. */
  readonly alertTopic: sns.ITopic;
}

/**
 * The project's served models (issue 12), only when the project file lists endpoints. Stateless: the
 * capture bucket and the execution roles live in the Data stack, the keys in the Keys stack, the
 * invocation trail in the Monitoring stack; this
 * stack can be destroyed and redeployed, and each endpoint bills by the instance-hour while it exists.
 */
export class ServingStack extends ProjectStack {
  public readonly models = new Map<string, ServedModel>();
  public readonly invokers = new Map<string, InvokerRole>();

  constructor(scope: Construct, id: string, props: ServingStackProps) {
    super(scope, id, props);
    const { name, account, region, serving } = this.project;
    const partition = partitionOf(region);
    for (const e of serving.endpoints) {
      const executionRole = props.servingRoles.get(e.name);
      if (!executionRole) throw new Error(`servingRoles has no role for endpoint "${e.name}"`);
      const id = prefixSid(e.name);
      const served = new ServedModel(this, `Endpoint${id}`, {
        projectName: name,
        endpoint: e.name,
        run: e.run,
        image: e.image,
        instanceType: e.instanceType,
        instanceCount: e.instanceCount,
        executionRole,
        artifactsBucket: props.artifactsBucket,
        volumeKey: props.artifactsKey,
        captureBucket: props.captureBucket,
        captureKey: props.dataKey,
        subnets: props.network.trainingSubnets,
        securityGroup: props.network.trainingSecurityGroup,
      });
      const invoker = new InvokerRole(this, `Invoker${id}`, {
        projectName: name,
        endpointName: served.endpointName,
        endpointArn: `arn:${partition}:sagemaker:${region}:${account}:endpoint/${served.endpointName}`,
        consumers: e.consumers.map((c) => iamPrincipalArn(c, account, region)),
      });
      new EndpointAlarms(this, `Alarms${id}`, { endpointName: served.endpointName, topic: props.alertTopic });
      new ServingOutputs(this, `Outputs${id}`, {
        projectName: name,
        endpoint: e.name,
        values: { EndpointName: served.endpointName, InvokerRoleArn: invoker.role.roleArn, RunId: e.run },
      });
      this.models.set(e.name, served);
      this.invokers.set(e.name, invoker);
    }
  }
}
