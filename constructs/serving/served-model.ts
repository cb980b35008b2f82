import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { CAPTURE_PREFIX, endpointName } from '../../lib/contract';
import { modelArtifactKey } from './serving-role';

export interface ServedModelProps {
  readonly projectName: string;
  readonly endpoint: string;
  readonly run: string;
  /** The inference image, pinned by digest. */
  readonly image: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  /** The model's execution role (ServingRole): reads only the released versions of the run's model. */
  readonly executionRole: iam.IRole;
  readonly artifactsBucket: s3.IBucket;
  /** Encrypts the endpoint's ML storage volumes: the project's artifacts key. */
  readonly volumeKey: kms.IKey;
  readonly captureBucket: s3.IBucket;
  /** Encrypts captured requests and responses: the project's data key. */
  readonly captureKey: kms.IKey;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.ISecurityGroup;
}

/** The one production variant of a served endpoint; alarms name it in their dimensions. */
export const VARIANT_NAME = 'released';

/**
 * One released model served privately: a SageMaker model with network isolation in the project's
 * subnets and security group (the container gets no network and no credentials), an endpoint config
 * whose volumes and captures are encrypted with the project's keys and which captures every request
 * and response, and the endpoint, named `<project>--<endpoint>`. Model and config names are left to
 * CloudFormation so a change replaces them cleanly; the endpoint's name is what consumers call.
 */
export class ServedModel extends Construct {
  public readonly model: sagemaker.CfnModel;
  public readonly config: sagemaker.CfnEndpointConfig;
  public readonly endpoint: sagemaker.CfnEndpoint;
  public readonly endpointName: string;

  constructor(scope: Construct, id: string, props: ServedModelProps) {
    super(scope, id);
    if (props.subnets.length < 2) {
      throw new Error(
        `subnets must name at least 2 subnets (SageMaker hosting needs two AZs), got ${props.subnets.length}`,
      );
    }
    this.endpointName = endpointName(props.projectName, props.endpoint);
    this.model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: props.executionRole.roleArn,
      enableNetworkIsolation: true,
      vpcConfig: {
        subnets: props.subnets.map((s) => s.subnetId),
        securityGroupIds: [props.securityGroup.securityGroupId],
      },
      primaryContainer: {
        image: props.image,
        modelDataUrl: `s3://${props.artifactsBucket.bucketName}/${modelArtifactKey(props.run)}`,
      },
    });
    this.config = new sagemaker.CfnEndpointConfig(this, 'Config', {
      kmsKeyId: props.volumeKey.keyArn,
      productionVariants: [
        {
          variantName: VARIANT_NAME,
          modelName: this.model.attrModelName,
          initialInstanceCount: props.instanceCount,
          instanceType: props.instanceType,
          initialVariantWeight: 1,
        },
      ],
      dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: 100,
        destinationS3Uri: `s3://${props.captureBucket.bucketName}/${CAPTURE_PREFIX}${this.endpointName}`,
        kmsKeyId: props.captureKey.keyArn,
        captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
      },
    });
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Resource', {
      endpointName: this.endpointName,
      endpointConfigName: this.config.attrEndpointConfigName,
    });
  }
}
