import { CfnParameter } from 'aws-cdk-lib';
import { TrustPolicies } from '../../../../lib/checks/rules/iam/trust-policies';
import { Statement } from '../../fixture';
import { res, tag } from '../../support';
import { Build, flags, reasonsOf } from '../reasons';

const role =
  (id: string, statements: Statement[], purpose?: string): Build =>
  (s) =>
    res(s, id, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: statements },
      ...(purpose ? { Tags: tag(purpose) } : {}),
    });
const assume = (principal: unknown, condition?: Record<string, unknown>): Statement => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});
const check = (...builds: Build[]) => reasonsOf(TrustPolicies, (s) => builds.forEach((b) => b(s)));
const APPROVERS = 'arn:aws:iam::111122223333:role/privacy-approvers';

describe('Isolation-IAM4: who can assume each role', () => {
  test('passes a release role that trusts the named approvers only', () => {
    expect(check(role('Release', [assume({ AWS: APPROVERS })], 'release-role'))).toEqual({});
  });
  test('passes a service role bound to this account', () => {
    const trust = assume(
      { Service: 'sagemaker.amazonaws.com' },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    );
    expect(check(role('Training', [trust], 'training-role'))).toEqual({});
  });
  test('fails when the source account is tested with IfExists (a request that names none passes)', () => {
    const trust = assume(
      { Service: 'sagemaker.amazonaws.com' },
      { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } },
    );
    const f = check(role('Training', [trust], 'training-role'));
    expect(flags(f, 'Training', /^sts:AssumeRole by sagemaker.amazonaws.com naming no source account/)).toBe(
      true,
    );
  });
  test('fails when everyone is trusted and the service is chosen by aws:PrincipalServiceName alone', () => {
    const trust = assume(
      { AWS: '*' },
      { StringEquals: { 'aws:PrincipalServiceName': 'sagemaker.amazonaws.com' } },
    );
    const f = check(role('Training', [trust], 'training-role'));
    expect(
      flags(f, 'Training', /^sts:AssumeRole by sagemaker.amazonaws.com working for account 999988887777/),
    ).toBe(true);
  });
  test('passes a Lambda execution role (Lambda assumes it only for functions of this account)', () => {
    expect(check(role('Fn', [assume({ Service: 'lambda.amazonaws.com' })]))).toEqual({});
  });
  test('fails when a privileged role trusts the account root, naming the administrator it lets in', () => {
    const f = check(role('Release', [assume({ AWS: 'arn:aws:iam::111122223333:root' })], 'release-role'));
    expect(flags(f, 'Release', /^sts:AssumeRole by an unknown administrator of account 111122223333/)).toBe(
      true,
    );
  });
  test('passes an unprivileged role that trusts the account root', () => {
    expect(check(role('Helper', [assume({ AWS: 'arn:aws:iam::111122223333:root' })]))).toEqual({});
  });
  test('fails when a privileged role trusts another role of the app', () => {
    const f = check(
      role('Uploader', [assume({ AWS: { 'Fn::GetAtt': ['Other', 'Arn'] } })], 'uploader-role'),
      role('Other', [assume({ Service: 'lambda.amazonaws.com' })]),
    );
    expect(flags(f, 'Uploader', /by Other/)).toBe(true);
  });
  test('fails when a role trusts another account', () => {
    const f = check(role('R', [assume({ AWS: 'arn:aws:iam::444455556666:root' })]));
    expect(flags(f, 'R', /by a role of account 444455556666/)).toBe(true);
  });
  test('fails when a role trusts everyone "restricted" by StringLike aws:PrincipalArn "*"', () => {
    const f = check(role('R', [assume({ AWS: '*' }, { StringLike: { 'aws:PrincipalArn': '*' } })]));
    expect(flags(f, 'R', /by a role of account 999988887777/)).toBe(true);
  });
  test('fails when an account pattern admits accounts an attacker can open', () => {
    const bySource = check(
      role(
        'Training',
        [assume({ Service: 'sagemaker.amazonaws.com' }, { StringLike: { 'aws:SourceAccount': '1111*' } })],
        'training-role',
      ),
    );
    expect(flags(bySource, 'Training', /sagemaker\.amazonaws\.com working for account 111199999999/)).toBe(
      true,
    );
    const byArn = check(
      role('Uploader', [
        assume({ AWS: APPROVERS }),
        assume(
          { AWS: '*' },
          { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::1111*:role/privacy-approvers' } },
        ),
      ]),
    );
    expect(flags(byArn, 'Uploader', /by a role named privacy-approvers in account 111199999999/)).toBe(true);
    const byAccount = check(
      role('R', [assume({ AWS: '*' }, { StringLike: { 'aws:PrincipalAccount': '11112222*' } })]),
    );
    expect(flags(byAccount, 'R', /account 111122229999/)).toBe(true);
  });
  test('fails when a service is bound by an aws:SourceArn whose account is a wildcard', () => {
    const f = check(
      role(
        'Training',
        [
          assume(
            { Service: 'sagemaker.amazonaws.com' },
            { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:eu-west-1:*:training-job/*' } },
          ),
        ],
        'training-role',
      ),
    );
    expect(flags(f, 'Training', /sagemaker\.amazonaws\.com working for account 999988887777/)).toBe(true);
  });
  test('passes a service bound by an aws:SourceArn of this account', () => {
    const trust = assume(
      { Service: 'sagemaker.amazonaws.com' },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/*' } },
    );
    expect(check(role('Training', [trust], 'training-role'))).toEqual({});
  });
  test('fails when a trusted principal names its account by a template parameter (any account)', () => {
    const f = reasonsOf(TrustPolicies, (s) => {
      new CfnParameter(s, 'Acct', { type: 'String', default: '111122223333' });
      role(
        'Uploader',
        [assume({ AWS: { 'Fn::Sub': 'arn:aws:iam::${Acct}:role/data-engineering' } })],
        'uploader-role',
      )(s);
    });
    expect(flags(f, 'Uploader', /by a role named data-engineering in account 999988887777/)).toBe(true);
  });
  test('fails when a privileged role trusts the account for principals carrying a tag (administrators tag themselves)', () => {
    const f = check(
      role(
        'Release',
        [
          assume(
            { AWS: 'arn:aws:iam::111122223333:root' },
            { StringEquals: { 'aws:PrincipalTag/approver': 'true' } },
          ),
        ],
        'release-role',
      ),
    );
    expect(
      flags(f, 'Release', /by an unknown administrator of account 111122223333, tagged as the policy asks/),
    ).toBe(true);
  });
  test('fails when the templates hand the training role to other compute (a notebook, an instance profile)', () => {
    const trust = assume(
      { Service: 'sagemaker.amazonaws.com' },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    );
    const f = reasonsOf(TrustPolicies, (s) => {
      role('Training', [trust], 'training-role')(s);
      res(s, 'Notebook', 'AWS::SageMaker::NotebookInstance', {
        InstanceType: 'ml.t3.medium',
        RoleArn: { 'Fn::GetAtt': ['Training', 'Arn'] },
      });
      res(s, 'Profile', 'AWS::IAM::InstanceProfile', { Roles: [{ Ref: 'Training' }] });
    });
    expect(flags(f, 'Training', /^Training is handed to AWS::SageMaker::NotebookInstance Notebook/)).toBe(
      true,
    );
    expect(flags(f, 'Training', /^Training is handed to AWS::IAM::InstanceProfile Profile/)).toBe(true);
  });
  test('passes the training role named by the policies, outputs and models that may name it', () => {
    const trust = assume(
      { Service: 'sagemaker.amazonaws.com' },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    );
    const f = reasonsOf(TrustPolicies, (s) => {
      role('Training', [trust], 'training-role')(s);
      res(s, 'Pass', 'AWS::IAM::ManagedPolicy', {
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': ['Training', 'Arn'] } },
          ],
        },
      });
      res(s, 'Output', 'AWS::SSM::Parameter', {
        Type: 'String',
        Value: { 'Fn::GetAtt': ['Training', 'Arn'] },
      });
    });
    expect(f).toEqual({});
  });
  test('fails when a service may assume the role for any account', () => {
    const f = check(role('Training', [assume({ Service: 'sagemaker.amazonaws.com' })], 'training-role'));
    expect(
      flags(f, 'Training', /^sts:AssumeRole by sagemaker\.amazonaws\.com working for account 999988887777/),
    ).toBe(true);
  });
  test('fails when an identity provider is trusted without pinning the subject, passes when it is pinned', () => {
    const github = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    const web = (condition: Record<string, unknown>): Statement => ({
      Effect: 'Allow',
      Principal: { Federated: github },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    });
    const aud = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
    const open = check(role('Ci', [web({ StringEquals: aud })]));
    expect(flags(open, 'Ci', /^sts:AssumeRoleWithWebIdentity by any identity of/)).toBe(true);
    const pinned = web({
      StringEquals: {
        ...aud,
        'token.actions.githubusercontent.com:sub': 'repo:acme/models:ref:refs/heads/main',
      },
    });
    expect(check(role('Ci', [pinned]))).toEqual({});
  });
});
