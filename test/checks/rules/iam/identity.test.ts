import { DataRolesWriteInside } from '../../../../lib/checks/rules/iam/data-roles-write-inside';
import { HolderFence } from '../../../../lib/checks/rules/iam/holder-fence';
import { NoWholeServiceOnEverything } from '../../../../lib/checks/rules/iam/no-whole-service-on-everything';
import { NoGuardrailRewrites } from '../../../../lib/checks/rules/iam/no-guardrail-rewrites';
import { PassRoleScoped } from '../../../../lib/checks/rules/iam/pass-role-scoped';
import {
  JOB_LOG_DENIED_ACTIONS,
  LOGS_ACCOUNT_POLICY_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  jobLogGroupArns,
} from '../../../../lib/contract';
import { CfnResource } from 'aws-cdk-lib';
import { Statement, dataPerimeter } from '../../fixture';
import { arn, objects, publishWithFence, res, tag } from '../../support';
import { Build, flags, reasonsOf } from '../reasons';

const managed =
  (id: string, statements: Statement[], extra: Record<string, unknown> = {}): Build =>
  (s) =>
    res(s, id, 'AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Version: '2012-10-17', Statement: statements },
      ...extra,
    });

describe('Isolation-IAM1: no whole service on every resource', () => {
  const check = (statements: Statement[]) => reasonsOf(NoWholeServiceOnEverything, managed('P', statements));
  test('passes actions named on resources named', () => {
    expect(check([{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::bucket/*' }])).toEqual({});
  });
  test('fails for NotAction on *, naming a service it reaches', () => {
    expect(
      flags(check([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]), 'P', /every s3 action on \*/),
    ).toBe(true);
  });
  test('fails for s3:* on every bucket, even with a condition', () => {
    const f = check([
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
    ]);
    expect(flags(f, 'P', /every s3 action on every s3 resource/)).toBe(true);
  });
  test('passes a Deny of a whole service', () => {
    expect(check([{ Effect: 'Deny', Action: 'sagemaker:*', Resource: '*' }])).toEqual({});
  });
});

describe('Isolation-IAM3: PassRole hands the app roles to SageMaker only', () => {
  const check = (statement: Statement) =>
    reasonsOf(PassRoleScoped, (s) => {
      res(s, 'Training', 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [] } });
      managed('P', [statement])(s);
    });
  const pass = { Effect: 'Allow', Action: 'iam:PassRole', Resource: arn('Training') };
  test('passes the training role passed to SageMaker only', () => {
    expect(
      check({ ...pass, Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } }),
    ).toEqual({});
  });
  test('fails when iam:PassedToService is "restricted" by StringLike "*"', () => {
    const f = check({ ...pass, Condition: { StringLike: { 'iam:PassedToService': '*' } } });
    expect(flags(f, 'P', /^iam:PassRole of Training to ec2\.amazonaws\.com is allowed/)).toBe(true);
  });
  test('fails when iam:PassedToService lists another service besides SageMaker, however spelled', () => {
    for (const [operator, services, flagged] of [
      ['StringEquals', ['sagemaker.amazonaws.com', 'glue.amazonaws.com'], 'glue.amazonaws.com'],
      ['StringEqualsIgnoreCase', ['SageMaker.amazonaws.com', 'States.amazonaws.com'], 'states.amazonaws.com'],
      ['StringLike', ['sagemaker.amazonaws.com', 'ecs-tasks.*'], 'ecs-tasks.isotrain-check'],
    ] as const) {
      const f = check({ ...pass, Condition: { [operator]: { 'iam:PassedToService': [...services] } } });
      expect(
        flags(f, 'P', new RegExp(`^iam:PassRole of Training to ${flagged.replace(/\./g, '\\.')} is allowed`)),
      ).toBe(true);
    }
  });
  test('passes SageMaker named in any case, and a Deny naming other services', () => {
    expect(
      check({
        ...pass,
        Condition: { StringEqualsIgnoreCase: { 'iam:PassedToService': 'SageMaker.amazonaws.com' } },
      }),
    ).toEqual({});
    expect(
      reasonsOf(PassRoleScoped, (s) => {
        res(s, 'Training', 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [] } });
        managed('P', [
          { ...pass, Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } } },
          {
            Effect: 'Deny',
            Action: 'iam:PassRole',
            Resource: '*',
            Condition: {
              StringEquals: { 'iam:PassedToService': ['glue.amazonaws.com', 'ec2.amazonaws.com'] },
            },
          },
        ])(s);
      }),
    ).toEqual({});
  });
  test('fails when any role of the account may be passed', () => {
    const f = check({
      ...pass,
      Resource: 'arn:aws:iam::111122223333:role/*',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    expect(flags(f, 'P', /a role the app does not define/)).toBe(true);
  });
});

describe('Isolation-IAM5: policies handed to people fence them off the data', () => {
  const fence: Statement[] = [
    { Effect: 'Deny', Action: [...OBJECT_DATA_READ_ACTIONS], Resource: objects('Data') },
    { Effect: 'Deny', Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: arn('Key') },
    { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: arn('Release') },
    {
      Effect: 'Deny',
      Action: [...JOB_LOG_DENIED_ACTIONS],
      Resource: jobLogGroupArns({ partition: 'aws', region: 'eu-west-1', account: '111122223333' }),
    },
    { Effect: 'Deny', Action: [...LOGS_ACCOUNT_POLICY_ACTIONS], Resource: '*' },
  ];
  const setup =
    (statements: Statement[], companion?: Statement[], published = true): Build =>
    (s) => {
      dataPerimeter(s);
      res(s, 'Release', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: tag('release-role'),
      });
      managed('Handed', statements)(s);
      if (companion) managed('Fence', companion)(s);
      if (companion && published) publishWithFence(s, 'Handed', 'Handed', 'Fence');
    };
  const read = { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' };
  test('passes a handed-out policy that denies reads, decrypts and the separate roles', () => {
    expect(reasonsOf(HolderFence, setup([read, ...fence]))).toEqual({});
  });
  test('passes when the Denies are in a deny-only policy published as its fence', () => {
    expect(reasonsOf(HolderFence, setup([read], fence))).toEqual({});
  });
  test('fails when a deny-only policy only sits beside it, published as the fence of nothing', () => {
    const f = reasonsOf(HolderFence, setup([read], fence, false));
    expect(flags(f, 'Handed', /^s3:GetObject and 14 more on objects of Data by a holder of Handed/)).toBe(
      true,
    );
    // The fence alone grants nothing: nothing to find about its holder.
    expect(f.Fence).toBeUndefined();
  });
  test('fails when the fence is published for another policy, naming the unfenced one', () => {
    const f = reasonsOf(HolderFence, (s) => {
      setup([read], fence)(s);
      managed('Second', [read])(s);
    });
    expect(flags(f, 'Second', /by a holder of Second/)).toBe(true);
    expect(f.Handed).toBeUndefined();
  });
  test('judges a principal outside the templates by every policy that names it', () => {
    const outside = (fenceUsers: string[]) =>
      reasonsOf(HolderFence, (s) => {
        setup([read])(s);
        managed('Fence', fence, { Users: fenceUsers })(s);
        (s.node.findChild('Handed') as CfnResource).addPropertyOverride('Users', ['alice']);
      });
    expect(outside(['alice'])).toEqual({});
    const f = outside(['bob']);
    expect(
      flags(f, 'Handed', /^s3:GetObject and 14 more on objects of Data by user\/alice \(holding Handed\)/),
    ).toBe(true);
  });
  test('fails when the holder may read the data, naming the bucket', () => {
    const f = reasonsOf(HolderFence, setup([read, ...fence.slice(1)]));
    expect(flags(f, 'Handed', /^s3:GetObject and 14 more on objects of Data by a holder of Handed/)).toBe(
      true,
    );
  });
  test('fails when the holder may become the release role', () => {
    const f = reasonsOf(HolderFence, setup([read, ...fence.slice(0, 2)]));
    expect(flags(f, 'Handed', /^sts:AssumeRole on role Release/)).toBe(true);
  });
  test('fails when the holder may read, export or subscribe to the job logs, or set account log policies', () => {
    const f = reasonsOf(HolderFence, setup([read, ...fence.slice(0, 3)]));
    expect(
      flags(f, 'Handed', /^logs:GetLogEvents and 20 more on job log group \/aws\/sagemaker\/TrainingJobs/),
    ).toBe(true);
    expect(flags(f, 'Handed', /^logs:PutAccountPolicy and 1 more on account log policies/)).toBe(true);
  });
  test('does not apply to a policy a role of the templates holds', () => {
    expect(
      reasonsOf(HolderFence, (s) => {
        setup([read])(s);
        res(s, 'Holder', 'AWS::IAM::Role', {
          AssumeRolePolicyDocument: { Statement: [] },
          ManagedPolicyArns: [{ Ref: 'Handed' }],
        });
      }),
    ).toEqual({});
  });
});

describe('Isolation-IAM6: the roles that see the data write only into the project', () => {
  const role =
    (statements: Statement[]): Build =>
    (s) => {
      res(s, 'Logs', 'AWS::S3::Bucket', { Tags: tag('access-logs') });
      res(s, 'Training', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: tag('training-role'),
        Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      });
    };
  test('passes a training role that writes only its run prefixes of a project bucket', () => {
    const own = { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::artifacts/models/p--*' };
    expect(reasonsOf(DataRolesWriteInside, role([own]))).toEqual({});
  });
  test('fails when the training role may write into any bucket, naming where', () => {
    const f = reasonsOf(
      DataRolesWriteInside,
      role([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]),
    );
    expect(flags(f, 'Training', /^s3:PutObject .*into a bucket of another account/)).toBe(true);
    expect(flags(f, 'Training', /into Logs/)).toBe(true);
  });
  test('does not apply to other roles', () => {
    const f = reasonsOf(DataRolesWriteInside, (s) =>
      res(s, 'Other', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [
          {
            PolicyName: 'p',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] },
          },
        ],
      }),
    );
    expect(f).toEqual({});
  });
});

describe('inline policies written as resources of their own (AWS::IAM::RolePolicy, UserPolicy, GroupPolicy)', () => {
  test("count as the role's policies (Isolation-IAM6) and are judged as policies (Isolation-IAM1)", () => {
    const build: Build = (s) => {
      res(s, 'Training', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: tag('training-role'),
      });
      res(s, 'Inline', 'AWS::IAM::RolePolicy', {
        RoleName: { Ref: 'Training' },
        PolicyName: 'extra',
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      });
    };
    expect(
      flags(
        reasonsOf(DataRolesWriteInside, build),
        'Training',
        /^s3:PutObject .* into a bucket of another account/,
      ),
    ).toBe(true);
    expect(flags(reasonsOf(NoWholeServiceOnEverything, build), 'Inline', /every s3 action/)).toBe(true);
  });
  test("count as a user's policies, and its group's", () => {
    const f = reasonsOf(NoGuardrailRewrites, (s) => {
      res(s, 'Group', 'AWS::IAM::Group', {});
      res(s, 'User', 'AWS::IAM::User', { Groups: [{ Ref: 'Group' }] });
      res(s, 'GroupInline', 'AWS::IAM::GroupPolicy', {
        GroupName: { Ref: 'Group' },
        PolicyName: 'g',
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' }] },
      });
    });
    expect(flags(f, 'User', /^iam:PutUserPolicy on user/)).toBe(true);
    expect(flags(f, 'Group', /^iam:PutUserPolicy on user/)).toBe(true);
  });
});

describe('Isolation-IAM7: no holder rewrites the guardrails', () => {
  const role =
    (id: string, statements: Statement[], purpose?: string): Build =>
    (s) =>
      res(s, id, 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        ...(purpose ? { Tags: tag(purpose) } : {}),
      });
  const project =
    (...builds: Build[]): Build =>
    (s) => {
      role('Training', [], 'training-role')(s);
      res(s, 'Data', 'AWS::S3::Bucket', { Tags: tag('training-data') });
      res(s, 'Key', 'AWS::KMS::Key', {
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
      builds.forEach((b) => b(s));
    };
  const check = (...builds: Build[]) => reasonsOf(NoGuardrailRewrites, project(...builds));
  test('passes roles and handed-out policies that read IAM, buckets and keys only', () => {
    expect(
      check(
        role('Auditor', [
          {
            Effect: 'Allow',
            Action: [
              'iam:GetRole',
              'iam:GetRolePolicy',
              'iam:ListAttachedRolePolicies',
              'iam:GetPolicyVersion',
            ],
            Resource: '*',
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetBucketPolicy', 'kms:GetKeyPolicy', 'kms:DescribeKey'],
            Resource: '*',
          },
        ]),
        managed('Handed', [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }]),
      ),
    ).toEqual({});
  });
  test('fails when a role may add a policy to the training role (or to itself)', () => {
    const f = check(role('R', [{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: arn('Training') }]));
    expect(
      flags(
        f,
        'R',
        /^iam:PutRolePolicy on role arn:aws:iam::111122223333:role\/<Training> by R, e\.g\. with its own policies/,
      ),
    ).toBe(true);
    const self = check(role('R', [{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: arn('R') }]));
    expect(flags(self, 'R', /^iam:AttachRolePolicy on role arn:aws:iam::111122223333:role\/<R> by R/)).toBe(
      true,
    );
  });
  test("fails when a handed-out policy may rewrite managed policies or any role's trust by pattern", () => {
    const f = check(
      managed('Handed', [
        {
          Effect: 'Allow',
          Action: 'iam:CreatePolicyVersion',
          Resource: 'arn:aws:iam::111122223333:policy/*',
        },
        {
          Effect: 'Allow',
          Action: 'iam:UpdateAssumeRolePolicy',
          Resource: 'arn:aws:iam::111122223333:role/ml-*',
        },
      ]),
    );
    expect(
      flags(f, 'Handed', /^iam:CreatePolicyVersion on managed policy .*policy\/isotrain-check-any-policy/),
    ).toBe(true);
    expect(flags(f, 'Handed', /^iam:UpdateAssumeRolePolicy on role .*role\/ml-isotrain-check/)).toBe(true);
  });
  test('fails when a holder may become a role the templates do not define, and passes assuming a role they define', () => {
    const f = check(managed('Handed', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]));
    expect(
      flags(
        f,
        'Handed',
        /^sts:AssumeRole on role .*isotrain-check-any-role \(not defined by the templates\)/,
      ),
    ).toBe(true);
    expect(
      check(managed('Handed', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('Training') }])),
    ).toEqual({});
  });
  test('fails when a role may replace a data bucket policy or a data key policy, and not when a Deny holds', () => {
    const f = check(
      role('R', [{ Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'kms:PutKeyPolicy'], Resource: '*' }]),
    );
    expect(flags(f, 'R', /^s3:PutBucketPolicy on bucket Data by R/)).toBe(true);
    expect(flags(f, 'R', /^kms:PutKeyPolicy on key Key by R/)).toBe(true);
    expect(
      check(
        role('R', [
          { Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'kms:PutKeyPolicy'], Resource: '*' },
          { Effect: 'Deny', Action: ['s3:PutBucketPolicy', 'kms:PutKeyPolicy'], Resource: '*' },
        ]),
      ),
    ).toEqual({});
  });
});
