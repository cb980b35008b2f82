import { Stack } from 'aws-cdk-lib';
import { arn, objects, ref, res, tag } from './support';

type Props = Record<string, unknown>;
export type Statement = Record<string, unknown>;

/** A compliant data bucket as a raw template would define it: key, bucket, policy, endpoint, trail. */
export function dataPerimeter(
  s: Stack,
  o: {
    bucket?: (p: Props) => Props;
    statements?: (st: Statement[]) => Statement[];
    trail?: (p: Props) => Props;
    purpose?: string | null;
  } = {},
): void {
  res(s, 'Key', 'AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    Tags: tag('data-key'),
  });
  res(s, 'Endpoint', 'AWS::EC2::VPCEndpoint', {
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.eu-west-1.s3',
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Resource: [arn('Data'), objects('Data')],
        },
      ],
    },
  });
  const bucket: Props = {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn('Key') } },
      ],
    },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'Expire',
          Status: 'Enabled',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        },
        { Id: 'Abort', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } },
        { Id: 'Markers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        {
          Id: 'Wipe',
          Status: 'Enabled',
          TagFilters: [{ Key: 'isotrain:wipe', Value: 'true' }],
          ExpirationInDays: 1,
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        },
      ],
    },
    ...(o.purpose === null ? {} : { Tags: tag(o.purpose ?? 'training-data') }),
  };
  res(s, 'Data', 'AWS::S3::Bucket', o.bucket ? o.bucket(bucket) : bucket);
  const statements: Statement[] = [
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [arn('Data'), objects('Data')],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: objects('Data'),
      Condition: { StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') } },
    },
  ];
  res(s, 'DataPolicy', 'AWS::S3::BucketPolicy', {
    Bucket: ref('Data'),
    PolicyDocument: { Statement: o.statements ? o.statements(statements) : statements },
  });
  const trail: Props = {
    IsLogging: true,
    S3BucketName: 'audit',
    EnableLogFileValidation: true,
    KMSKeyId: arn('Key'),
    EventSelectors: [
      {
        ReadWriteType: 'All',
        DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [arn('Data'), '/']] }] }],
      },
    ],
  };
  res(s, 'Trail', 'AWS::CloudTrail::Trail', o.trail ? o.trail(trail) : trail);
}
