import { Stack } from 'aws-cdk-lib';
import {
  EXPORT_CONFIGURATION_ACTIONS,
  EXPORT_OBJECT_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
} from '../../lib/contract';
import { ACCOUNT, arn, objects, ref, res, tag } from './support';

type Props = Record<string, unknown>;
export type Statement = Record<string, unknown>;

/**
 * A data key policy as the sealed perimeter writes it: the account administers the key, decrypts only
 * through S3 or SageMaker in this account, and grants only to AWS resources.
 */
export const DATA_KEY_POLICY: Statement[] = [
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: ['kms:DescribeKey', 'kms:EnableKeyRotation', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
    Resource: '*',
  },
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
    Resource: '*',
    Condition: {
      StringEquals: {
        'kms:CallerAccount': ACCOUNT,
        'kms:ViaService': ['s3.eu-west-1.amazonaws.com', 'sagemaker.eu-west-1.amazonaws.com'],
      },
    },
  },
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
    Resource: '*',
    Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
  },
  {
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'kms:CreateGrant',
    Resource: '*',
    Condition: {
      StringEquals: { 'kms:CallerAccount': ACCOUNT },
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    },
  },
];

/**
 * A compliant data bucket as a raw template would define it: key, training role, bucket, policy (TLS
 * only, the perimeter outside and through the endpoint, no exports), endpoint, trail. Statements 0
 * and 1 of the bucket policy are the TLS Deny and the Deny outside the endpoint.
 */
export function dataPerimeter(
  s: Stack,
  o: {
    bucket?: (p: Props) => Props;
    statements?: (st: Statement[]) => Statement[];
    trail?: (p: Props) => Props;
    endpoint?: (p: Props) => Props;
    purpose?: string | null;
    /** The isotrain:project tag of the key, role and bucket. */
    project?: string;
  } = {},
): void {
  const tags = (purpose: string) => [
    ...tag(purpose),
    ...(o.project ? [{ Key: 'isotrain:project', Value: o.project }] : []),
  ];
  res(s, 'Key', 'AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: { Statement: DATA_KEY_POLICY },
    Tags: tags('data-key'),
  });
  res(s, 'Training', 'AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'sagemaker.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        },
      ],
    },
    Policies: [
      {
        PolicyName: 'ReadData',
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 's3:ListBucket', Resource: arn('Data') },
            { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: objects('Data') },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn('Key') },
          ],
        },
      },
    ],
    Tags: tags('training-role'),
  });
  res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
  const endpoint: Props = {
    VpcId: ref('Vpc'),
    ServiceName: 'com.amazonaws.eu-west-1.s3',
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'],
          Resource: [arn('Data'), objects('Data')],
          Condition: { ArnEquals: { 'aws:PrincipalArn': arn('Training') } },
        },
      ],
    },
  };
  res(s, 'Endpoint', 'AWS::EC2::VPCEndpoint', o.endpoint ? o.endpoint(endpoint) : endpoint);
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
    ...(o.purpose === null ? {} : { Tags: tags(o.purpose ?? 'training-data') }),
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
      Action: [...OBJECT_DATA_READ_ACTIONS],
      Resource: objects('Data'),
      Condition: { StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') } },
    },
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...OBJECT_DATA_READ_ACTIONS],
      Resource: objects('Data'),
      Condition: {
        StringEquals: { 'aws:SourceVpce': ref('Endpoint') },
        ArnNotEquals: { 'aws:PrincipalArn': arn('Training') },
      },
    },
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EXPORT_CONFIGURATION_ACTIONS],
      Resource: arn('Data'),
    },
    {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: [...EXPORT_OBJECT_ACTIONS],
      Resource: objects('Data'),
    },
  ];
  res(s, 'DataPolicy', 'AWS::S3::BucketPolicy', {
    Bucket: ref('Data'),
    PolicyDocument: { Statement: o.statements ? o.statements(statements) : statements },
  });
  const trail: Props = {
    IsLogging: true,
    IsMultiRegionTrail: true,
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
