import { Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from '../acknowledge';
import {
  CAPTURE_PREFIX,
  MODEL_ARTIFACT_SUFFIX,
  MODEL_PREFIX,
  PURPOSE_TAG,
  RELEASE_TAG,
  SERVING_PURPOSES,
  endpointName,
} from '../../lib/contract';

export interface ServingRoleProps {
  readonly projectName: string;
  /** The endpoint (as the project file names it). */
  readonly endpoint: string;
  /** The run whose released model the endpoint serves. */
  readonly run: string;
  readonly artifactsBucket: s3.IBucket;
  readonly artifactsKey: kms.IKey;
  readonly captureBucket: s3.IBucket;
  /** Encrypts captures: the project's data key. */
  readonly captureKey: kms.IKey;
  /** The ECR repository ARN the inference image is pulled from. */
  readonly ecrRepositoryArn: string;
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly securityGroup: ec2.ISecurityGroup;
}

/** The S3 key of a run's model artifact: `models/<run>/output/model.tar.gz`. */
export function modelArtifactKey(run: string): string {
  return `${MODEL_PREFIX}${run}/${MODEL_ARTIFACT_SUFFIX}`;
}

/**
 * The execution role of one endpoint's SageMaker model. Trusted by SageMaker in this account only;
 * allowed exactly: read the released versions of its run's model artifact (the s3:ExistingObjectTag
 * condition here, the perimeter's bucket policy besides), decrypt it through S3, write its own
 * captures encrypted with the data key, pull its image, and manage the network interfaces of the
 * project's subnets. It lives beside the artifact bucket, whose policy names it.
 */
export class ServingRole extends Construct {
  public readonly role: iam.Role;
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: ServingRoleProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const name = endpointName(props.projectName, props.endpoint);
    this.role = new iam.Role(this, 'Resource', {
      description: `isotrain ${props.projectName}: SageMaker execution role of endpoint ${name}`,
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': account },
      }),
    });
    Tags.of(this.role).add(PURPOSE_TAG, SERVING_PURPOSES.servingRole);
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` } };
    const captures = props.captureBucket.arnForObjects(`${CAPTURE_PREFIX}${name}/*`);
    const eniArn = `arn:${partition}:ec2:${region}:${account}:network-interface/*`;
    const s = (sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      new iam.PolicyStatement({ sid, actions, resources, conditions });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `isotrain ${props.projectName}: what the model of endpoint ${name} may do`,
      roles: [this.role],
      statements: [
        s(
          'ReadReleasedModel',
          ['s3:GetObject', 's3:GetObjectVersion'],
          [props.artifactsBucket.arnForObjects(modelArtifactKey(props.run))],
          { StringEquals: { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value } },
        ),
        s('DecryptReleasedModel', ['kms:Decrypt'], [props.artifactsKey.keyArn], viaS3),
        s('WriteCaptures', ['s3:PutObject'], [captures]),
        s('EncryptCaptures', ['kms:GenerateDataKey', 'kms:Encrypt'], [props.captureKey.keyArn], viaS3),
        s('GrantKeyToEndpointVolumes', ['kms:CreateGrant'], [props.artifactsKey.keyArn], {
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
        }),
        s(
          'PullInferenceImage',
          ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          [props.ecrRepositoryArn],
        ),
        s('AuthenticateToEcr', ['ecr:GetAuthorizationToken'], ['*']),
        s(
          'DescribeNetworkForVpcModels',
          [
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeVpcs',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
          ],
          ['*'],
        ),
        s(
          'CreateModelNetworkInterfaces',
          ['ec2:CreateNetworkInterface'],
          [
            eniArn,
            ...props.subnets.map((x) => `arn:${partition}:ec2:${region}:${account}:subnet/${x.subnetId}`),
            `arn:${partition}:ec2:${region}:${account}:security-group/${props.securityGroup.securityGroupId}`,
          ],
        ),
        s(
          'ManageModelNetworkInterfaces',
          [
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
            'ec2:DeleteNetworkInterfacePermission',
          ],
          [eniArn],
          { ArnEquals: { 'ec2:Vpc': `arn:${partition}:ec2:${region}:${account}:vpc/${props.vpc.vpcId}` } },
        ),
      ],
    });
    const ack = (resource: string, reason: string) =>
      acknowledgeWildcardResource(this.policy, resource, reason);
    ack(captures, `Captures of endpoint ${name} only; SageMaker names each capture file by date and time.`);
    ack(
      eniArn,
      'Network interface IDs of an endpoint are unknown before it starts; creation is limited to the project subnets and security group, changes to the project VPC (ec2:Vpc).',
    );
    ack(
      '*',
      'ecr:GetAuthorizationToken and the ec2:Describe* calls SageMaker makes for VPC models support no resource-level permissions.',
    );
  }
}
