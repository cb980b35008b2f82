import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface S3DataPerimeterProps {
  readonly vpc: ec2.IVpc;
  /** Buckets whose objects may be read only through this endpoint, by anyone. */
  readonly privateBuckets: s3.IBucket[];
}

/** Actions the endpoint admits: what training jobs need to read data and write artifacts. */
const ENDPOINT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/** Object reads that count as data leaving the bucket. */
export const OBJECT_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:GetObjectAttributes',
  's3:GetObjectTorrent',
];

/**
 * The S3 gateway endpoint and the rule that ties the private buckets to it: the endpoint admits only
 * this account's principals and only these buckets; the buckets deny every object read that does not
 * arrive through the endpoint, for every principal — stolen credentials read nothing from outside.
 */
export class S3DataPerimeter extends Construct {
  public readonly endpoint: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: S3DataPerimeterProps) {
    super(scope, id);
    this.endpoint = new ec2.GatewayVpcEndpoint(this, 'Resource', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyThisProjectsBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ENDPOINT_ACTIONS,
        resources: props.privateBuckets.flatMap((b) => [b.bucketArn, b.arnForObjects('*')]),
        conditions: { StringEquals: { 'aws:PrincipalAccount': Stack.of(this).account } },
      }),
    );
    for (const bucket of props.privateBuckets) {
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyObjectReadsOutsideTheProjectEndpoint',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: OBJECT_READ_ACTIONS,
          resources: [bucket.arnForObjects('*')],
          conditions: { StringNotEquals: { 'aws:SourceVpce': this.endpoint.vpcEndpointId } },
        }),
      );
    }
  }
}
