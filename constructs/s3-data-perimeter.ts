import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RELEASE_TAG } from '../lib/contract';
import { evaluationResultsArn } from './release-gate';

export interface S3DataPerimeterProps {
  readonly vpc: ec2.IVpc;
  /** Buckets whose objects may be read only through this endpoint, by anyone. */
  readonly privateBuckets: s3.IBucket[];
  /**
   * The one exception, for released models: on `bucket` (one of the private buckets), an object
   * version tagged `isotrain:release=approved` may also be read from outside, by `deploymentRole`
   * only; `releaseRole` may read evaluation results (`evaluations/<run>/<job>/results.json`) from
   * outside, and nothing else.
   * @default - no exception: every object read from outside the endpoint is denied
   */
  readonly releaseGate?: ReleaseGateAccess;
}

export interface ReleaseGateAccess {
  readonly bucket: s3.IBucket;
  readonly deploymentRole: iam.IRole;
  readonly releaseRole: iam.IRole;
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
    const gate = props.releaseGate;
    if (gate && !props.privateBuckets.includes(gate.bucket)) {
      throw new Error(`releaseGate.bucket must be one of privateBuckets, got ${gate.bucket.node.path}`);
    }
    for (const bucket of props.privateBuckets) {
      if (bucket === gate?.bucket) this.denyUnreleasedReads(gate);
      else this.denyReadsOutside(bucket, {});
    }
  }

  private get outsideTheEndpoint() {
    return { StringNotEquals: { 'aws:SourceVpce': this.endpoint.vpcEndpointId } };
  }

  private denyReadsOutside(bucket: s3.IBucket, extra: Record<string, unknown>) {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyObjectReadsOutsideTheProjectEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: OBJECT_READ_ACTIONS,
        resources: [bucket.arnForObjects('*')],
        conditions: { ...this.outsideTheEndpoint, ...extra },
      }),
    );
  }

  /**
   * Three denies that together allow exactly the exception (statements in one Deny are ANDed, so
   * each leg of the rule gets its own): everyone but the two gate roles, as before; the deployment
   * role, unless the version is released; the release role, beyond evaluation results.
   */
  private denyUnreleasedReads(gate: ReleaseGateAccess) {
    const { bucket, deploymentRole, releaseRole } = gate;
    this.denyReadsOutside(bucket, {
      ArnNotEquals: { 'aws:PrincipalArn': [deploymentRole.roleArn, releaseRole.roleArn] },
    });
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyUnreleasedReadsOutsideTheProjectEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: OBJECT_READ_ACTIONS,
        resources: [bucket.arnForObjects('*')],
        conditions: {
          ArnEquals: { 'aws:PrincipalArn': deploymentRole.roleArn },
          // Both keys in one operator are ANDed: outside the endpoint and not released.
          StringNotEquals: {
            'aws:SourceVpce': this.endpoint.vpcEndpointId,
            [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value,
          },
        },
      }),
    );
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'DenyReleaseRoleReadsBeyondResultsOutsideTheProjectEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: OBJECT_READ_ACTIONS,
        notResources: [evaluationResultsArn(bucket)],
        conditions: { ...this.outsideTheEndpoint, ArnEquals: { 'aws:PrincipalArn': releaseRole.roleArn } },
      }),
    );
  }
}
