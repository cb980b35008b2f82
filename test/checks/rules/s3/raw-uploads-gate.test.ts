import { Stack } from 'aws-cdk-lib';
import { AppModel } from '../../../../lib/checks/model';
import { ProjectSettings } from '../../../../lib/checks/project-settings';
import { checkTemplateFiles } from '../../../../lib/checks/run';
import { sharedProject } from '../../../helpers';
import { sharedAssembly } from '../../../support/assembly';
import { OBJECT_DATA_READ_ACTIONS } from '../../../../lib/contract';
import { objects } from '../../support';
import { ACCOUNT, arn, findingsOf, projectTags, ref, res } from '../coverage-support';

type Props = Record<string, any>;
const RULE = 'Isolation-S3RAW';
const raw = { 'Fn::Join': ['', [arn('Data'), '/datasets/*']] };
const sagemakerTrust = {
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'sagemaker.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
  ],
};
const readsBucket = {
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:GetObjectVersion'],
  Resource: objects('Data'),
};
const trainingDeny = {
  Sid: 'DenyRawUploads',
  Effect: 'Deny',
  Action: [...OBJECT_DATA_READ_ACTIONS],
  Resource: raw,
};
const bucketDeny = {
  Sid: 'DenyRawUploadReadsByAllButRedaction',
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: [...OBJECT_DATA_READ_ACTIONS],
  Resource: raw,
  Condition: { ArnNotEquals: { 'aws:PrincipalArn': arn('Redaction') } },
};
const outsideDeny = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: [...OBJECT_DATA_READ_ACTIONS],
  Resource: objects('Data'),
  Condition: { StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') } },
};

interface Gate {
  /** The bucket's isotrain:require-redaction tag; undefined: none. */
  readonly tag?: string;
  readonly trainingStatements?: Props[];
  readonly bucketStatements?: Props[];
  /** Whether the project publishes the redaction role (its SSM parameter). */
  readonly published?: boolean;
  readonly settings?: Partial<ProjectSettings>;
  readonly purpose?: string;
  readonly extra?: (s: Stack) => void;
}

/** A training-data bucket of project legal behind its endpoint, a training role and a redaction role. */
function gate(o: Gate = {}): string[] {
  return (
    findingsOf((s) => {
      if (o.settings) AppModel.useProjectSettings(s, new Map([['legal', o.settings as ProjectSettings]]));
      res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16', Tags: projectTags() });
      res(s, 'Endpoint', 'AWS::EC2::VPCEndpoint', {
        VpcId: ref('Vpc'),
        ServiceName: 'com.amazonaws.eu-west-1.s3',
        VpcEndpointType: 'Gateway',
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:ListBucket'],
              Resource: [arn('Data'), objects('Data')],
              Condition: { ArnEquals: { 'aws:PrincipalArn': [arn('Training'), arn('Redaction')] } },
            },
          ],
        },
      });
      res(s, 'Data', 'AWS::S3::Bucket', {
        Tags: [
          ...projectTags(o.purpose ?? 'training-data'),
          ...(o.tag === undefined ? [] : [{ Key: 'isotrain:require-redaction', Value: o.tag }]),
        ],
      });
      res(s, 'DataPolicy', 'AWS::S3::BucketPolicy', {
        Bucket: ref('Data'),
        PolicyDocument: { Statement: o.bucketStatements ?? [outsideDeny, bucketDeny] },
      });
      res(s, 'Training', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: sagemakerTrust,
        Policies: [
          {
            PolicyName: 'Train',
            PolicyDocument: { Statement: o.trainingStatements ?? [readsBucket, trainingDeny] },
          },
        ],
        Tags: projectTags('training-role'),
      });
      res(s, 'Redaction', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: sagemakerTrust,
        Policies: [{ PolicyName: 'Redact', PolicyDocument: { Statement: [readsBucket] } }],
        Tags: projectTags('training-role'),
      });
      if (o.published ?? true)
        res(s, 'RedactionRoleParameter', 'AWS::SSM::Parameter', {
          Name: '/isotrain/legal/redaction-role-arn',
          Type: 'String',
          Value: arn('Redaction'),
          Tags: { 'isotrain:project': 'legal' },
        });
      o.extra?.(s);
    })[RULE] ?? []
  );
}

const role = (s: Stack, id: string, policies: Props) =>
  res(s, id, 'AWS::IAM::Role', { AssumeRolePolicyDocument: sagemakerTrust, ...policies });

describe('Isolation-S3RAW only the redaction role reads raw uploads', () => {
  test('passes when the training role denies them itself and the bucket denies them to all but the redaction role', () => {
    expect(gate({ tag: 'true' })).toEqual([]);
  });

  test('passes when a bucket statement allows the training role datasets/* while the Deny still covers it: an explicit Deny wins', () => {
    const allowTraining = {
      Effect: 'Allow',
      Principal: { AWS: arn('Training') },
      Action: 's3:GetObject',
      Resource: raw,
    };
    expect(gate({ tag: 'true', bucketStatements: [outsideDeny, bucketDeny, allowTraining] })).toEqual([]);
  });

  test('fails when the training role can read them by its own policies (the bucket alone is not enough)', () => {
    expect(gate({ tag: 'true', trainingStatements: [readsBucket] })).toEqual([
      expect.stringMatching(
        /^Data: Training can read raw uploads by its own policies \(s3:GetObject and 1 more on datasets\/isotrain-check, .*\): add a Deny/,
      ),
    ]);
  });

  test('fails when the Deny leaves an action that returns content (GetObjectVersion) or a dataset out', () => {
    const version = gate({
      tag: 'true',
      trainingStatements: [readsBucket, { ...trainingDeny, Action: 's3:GetObject' }],
    });
    expect(version).toEqual([
      expect.stringMatching(/Training can read raw uploads by its own policies \(s3:GetObjectVersion on/),
    ]);
    const oneDataset = {
      ...trainingDeny,
      Resource: { 'Fn::Join': ['', [arn('Data'), '/datasets/contracts/*']] },
    };
    expect(gate({ tag: 'true', trainingStatements: [readsBucket, oneDataset] })).toEqual([
      expect.stringContaining('Training can read raw uploads by its own policies'),
    ]);
  });

  test('fails when the bucket policy does not deny them to the training role, an unknown administrator or the root user, whatever they hold', () => {
    const found = gate({ tag: 'true', bucketStatements: [outsideDeny] });
    expect(found).toEqual([
      expect.stringMatching(
        /^Data: the bucket policy lets an unknown administrator of account 111122223333 read raw uploads given an administrator policy \(s3:GetObject and 14 more on datasets\/isotrain-check, through the project endpoint Endpoint\): Deny every object read on datasets\/\* to every principal but the redaction role/,
      ),
      expect.stringContaining('the bucket policy lets Training read raw uploads'),
      expect.stringContaining(
        'the bucket policy lets the root user of account 111122223333 read raw uploads',
      ),
    ]);
  });

  test('fails when the bucket Deny leaves replication reads out: raw uploads would reach a replica', () => {
    const noReplication = {
      ...bucketDeny,
      Action: OBJECT_DATA_READ_ACTIONS.filter((a) => a !== 's3:GetObjectVersionForReplication'),
    };
    expect(gate({ tag: 'true', bucketStatements: [outsideDeny, noReplication] })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /the bucket policy lets Training read raw uploads given an administrator policy \(s3:GetObjectVersionForReplication on/,
        ),
      ]),
    );
  });

  test('fails when the bucket Deny names the training role only: an unknown administrator of the account passes it through the endpoint (whose policy is not the gate)', () => {
    const onlyTraining = { ...bucketDeny, Condition: undefined, Principal: { AWS: arn('Training') } };
    const found = gate({ tag: 'true', bucketStatements: [outsideDeny, onlyTraining] });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the bucket policy lets an unknown administrator of account 111122223333'),
      ]),
    );
    expect(found.join('\n')).not.toMatch(/lets Training/);
  });

  test('fails for every role of the project that can read them, whatever its name or tags; and for a policy handed out to people', () => {
    const found = gate({
      tag: 'true',
      extra: (s) => {
        role(s, 'Evaluation', {
          Policies: [{ PolicyName: 'Read', PolicyDocument: { Statement: [readsBucket] } }],
          Tags: [{ Key: 'isotrain:purpose', Value: 'training-role' }],
        });
        res(s, 'DataScientists', 'AWS::IAM::ManagedPolicy', {
          PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: raw }] },
        });
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Evaluation can read raw uploads by its own policies'),
        expect.stringContaining('a holder of DataScientists can read raw uploads by its own policies'),
      ]),
    );
  });

  test('an AWS-managed policy the templates do not hold may allow them; those AWS publishes as logs only do not', () => {
    const managed = (name: string) => (s: Stack) =>
      role(s, 'Handler', {
        ManagedPolicyArns: [
          { 'Fn::Join': ['', ['arn:', ref('AWS::Partition'), `:iam::aws:policy/${name}`]] },
        ],
      });
    expect(gate({ tag: 'true', extra: managed('service-role/AWSLambdaBasicExecutionRole') })).toEqual([]);
    expect(gate({ tag: 'true', extra: managed('AmazonS3ReadOnlyAccess') })).toEqual([
      expect.stringMatching(
        /Handler can read raw uploads by its own policies .*if a value the templates do not resolve allows it/,
      ),
    ]);
  });

  test('fails when the redaction role cannot read them through the endpoint any more', () => {
    const noneExempt = { ...bucketDeny, Condition: undefined };
    expect(gate({ tag: 'true', bucketStatements: [outsideDeny, noneExempt] })).toEqual([
      expect.stringContaining(
        'Redaction, the redaction role, cannot read datasets/isotrain-check through the project endpoint Endpoint',
      ),
    ]);
  });

  test('exempts only the role the project publishes as RedactionRoleArn: unpublished, the redaction role is one more reader', () => {
    const found = gate({ tag: 'true', published: false });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Redaction can read raw uploads by its own policies'),
        expect.stringContaining('the bucket policy lets Redaction read raw uploads'),
      ]),
    );
  });

  describe('whether the project requires redaction', () => {
    const open = { tag: 'true', trainingStatements: [readsBucket], bucketStatements: [outsideDeny] };
    test('does not apply when the bucket tag says it is off, or when the project file does', () => {
      expect(gate({ ...open, tag: 'false' })).toEqual([]);
      expect(gate({ ...open, tag: undefined, settings: { requireRedaction: false } })).toEqual([]);
    });
    test('applies when the project file says on, whatever the tag says', () => {
      expect(gate({ ...open, tag: 'false', settings: { requireRedaction: true } })).not.toEqual([]);
    });
    test('fails closed: with no tag and no project file (or a tag it cannot read) redaction is taken as required', () => {
      expect(gate({ ...open, tag: undefined })).not.toEqual([]);
      expect(gate({ ...open, tag: 'yes' })).not.toEqual([]);
    });
    test('does not apply to buckets that are not training data (other rules judge them)', () => {
      expect(gate({ ...open, purpose: 'artifacts' })).toEqual([]);
    });
    test('in app mode the project file decides: the shared project (off) passes, the same templates with a project file saying on fail', () => {
      const judged = (requireRedaction: boolean) => {
        const config = sharedProject();
        const report = checkTemplateFiles(
          'app',
          sharedAssembly().files,
          { packs: 'isolation', controlTower: false, cfnLint: false },
          {
            projectOf: () => ({
              file: 'projects/legal.yaml',
              text: '',
              config: { ...config, training: { ...config.training, requireRedaction } },
            }),
          },
        );
        return report.findings.filter((f) => f.rule.startsWith(RULE)).map((f) => f.rule);
      };
      expect(judged(false)).toEqual([]);
      expect(judged(true)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/TrainingRole\w* can read raw uploads by its own policies/),
        ]),
      );
    });
  });
});
