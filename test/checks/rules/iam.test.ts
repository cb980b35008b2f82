import { dataPerimeter } from '../fixture';
import { arn, isolationFindings, objects, ref, res } from '../support';

const policy =
  (statement: Record<string, unknown>) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
    res(s, 'P', 'AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: [statement] } });

describe('Isolation-IAM1 no whole service on *', () => {
  test('passes named actions on named resources', () => {
    expect(
      isolationFindings(
        policy({
          Effect: 'Allow',
          Action: 'sagemaker:DescribeTrainingJob',
          Resource: 'arn:aws:sagemaker:eu-west-1:111122223333:training-job/x',
        }),
      )['Isolation-IAM1'],
    ).toBeUndefined();
  });
  test.each(['sagemaker:*', 's3:*', 'kms:*', '*'])('fails when %s is allowed on *', (action) => {
    expect(
      isolationFindings(policy({ Effect: 'Allow', Action: action, Resource: '*' }))['Isolation-IAM1'],
    ).toEqual(['P']);
  });
  test('fails even when a condition is attached', () => {
    const f = isolationFindings(
      policy({
        Effect: 'Allow',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      }),
    );
    expect(f['Isolation-IAM1']).toEqual(['P']);
  });
  test('fails for an inline role policy too', () => {
    const f = isolationFindings((s) =>
      res(s, 'R', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Policies: [
          {
            PolicyName: 'x',
            PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] },
          },
        ],
      }),
    );
    expect(f['Isolation-IAM1']).toEqual(['R']);
  });
});

describe('Isolation-IAM2 no broad AWS-managed policies', () => {
  const role = (arns: unknown[]) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
    res(s, 'R', 'AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [] }, ManagedPolicyArns: arns });
  test('passes AWSLambdaBasicExecutionRole', () => {
    expect(
      isolationFindings(
        role([
          { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
        ]),
      )['Isolation-IAM2'],
    ).toBeUndefined();
  });
  test.each(['AmazonSageMakerFullAccess', 'PowerUserAccess', 'AdministratorAccess'])(
    'fails when the role carries %s',
    (name) => {
      expect(isolationFindings(role([`arn:aws:iam::aws:policy/${name}`]))['Isolation-IAM2']).toEqual(['R']);
    },
  );
});

describe('Isolation-IAM3 PassRole names roles and SageMaker', () => {
  const pass = {
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: 'arn:aws:iam::111122223333:role/training',
  };
  const toSageMaker = { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } };
  test('passes a named role passed to SageMaker only', () => {
    expect(isolationFindings(policy({ ...pass, Condition: toSageMaker }))['Isolation-IAM3']).toBeUndefined();
  });
  test('fails when the resource is role/*', () => {
    expect(
      isolationFindings(
        policy({ ...pass, Resource: 'arn:aws:iam::111122223333:role/*', Condition: toSageMaker }),
      )['Isolation-IAM3'],
    ).toEqual(['P']);
  });
  test('fails without iam:PassedToService', () => {
    expect(isolationFindings(policy(pass))['Isolation-IAM3']).toEqual(['P']);
  });
  test('fails when the role may be passed to another service', () => {
    expect(
      isolationFindings(
        policy({
          ...pass,
          Condition: {
            StringEquals: { 'iam:PassedToService': ['sagemaker.amazonaws.com', 'lambda.amazonaws.com'] },
          },
        }),
      )['Isolation-IAM3'],
    ).toEqual(['P']);
  });
});

describe('Isolation-LAMBDA1 no function reads data', () => {
  const fn = (
    s: Parameters<Parameters<typeof isolationFindings>[0]>[0],
    statements: unknown[],
    managed: unknown[] = [],
  ) => {
    dataPerimeter(s);
    res(s, 'FnRole', 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [] },
      ManagedPolicyArns: managed,
      Policies: [{ PolicyName: 'Inline', PolicyDocument: { Statement: statements } }],
    });
    res(s, 'Fn', 'AWS::Lambda::Function', {
      Role: arn('FnRole'),
      Code: { ZipFile: 'x' },
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
    });
  };
  test('passes a handler that only describes prefix lists', () => {
    const f = isolationFindings((s) =>
      fn(
        s,
        [{ Effect: 'Allow', Action: 'ec2:DescribeManagedPrefixLists', Resource: '*' }],
        ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      ),
    );
    expect(f['Isolation-LAMBDA1']).toBeUndefined();
  });
  test('fails when the function may read the data bucket', () => {
    expect(
      isolationFindings((s) =>
        fn(s, [{ Effect: 'Allow', Action: 's3:GetObject*', Resource: objects('Data') }]),
      )['Isolation-LAMBDA1'],
    ).toEqual(['Fn']);
  });
  test('fails when the function may decrypt with the data key', () => {
    expect(
      isolationFindings((s) => fn(s, [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: arn('Key') }]))[
        'Isolation-LAMBDA1'
      ],
    ).toEqual(['Fn']);
  });
  test('fails when a separate policy attached to its role reads every bucket', () => {
    const f = isolationFindings((s) => {
      fn(s, []);
      res(s, 'Extra', 'AWS::IAM::Policy', {
        PolicyName: 'x',
        Roles: [ref('FnRole')],
        PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      });
    });
    expect(f['Isolation-LAMBDA1']).toEqual(['Fn']);
  });
  test('fails when the role carries AmazonS3ReadOnlyAccess', () => {
    expect(
      isolationFindings((s) => fn(s, [], ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']))[
        'Isolation-LAMBDA1'
      ],
    ).toEqual(['Fn']);
  });
  test('fails when its role cannot be determined', () => {
    const f = isolationFindings((s) =>
      res(s, 'Fn', 'AWS::Lambda::Function', {
        Role: 'arn:aws:iam::111122223333:role/somewhere',
        Code: { ZipFile: 'x' },
      }),
    );
    expect(f['Isolation-LAMBDA1']).toEqual(['Fn']);
  });
});
