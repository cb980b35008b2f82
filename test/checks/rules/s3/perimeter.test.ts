import { DataBucketSourceVpce } from '../../../../lib/checks/rules/s3/data-bucket-source-vpce';
import { OBJECT_DATA_READ_ACTIONS } from '../../../../lib/contract';
import { Stack } from 'aws-cdk-lib';
import { Statement, dataPerimeter } from '../../fixture';
import { arn, objects, ref, res, tag } from '../../support';
import { Build, flags, reasonsOf } from '../reasons';

const check = (build: Build) => reasonsOf(DataBucketSourceVpce, build);
const OUTSIDE = 1;
const THROUGH = 2;
const withStatement = (i: number, change: (s: Statement) => Statement) => (st: Statement[]) =>
  st.map((s, j) => (j === i ? change(s) : s));

describe('Isolation-S3VPCE: the data perimeter as AWS would decide it', () => {
  test('passes the sealed perimeter, the training role reading through the endpoint', () => {
    expect(check((s) => dataPerimeter(s))).toEqual({});
  });

  test('fails when the Deny outside the endpoint is gone, naming who reads and how', () => {
    const f = check((s) => dataPerimeter(s, { statements: (st) => st.filter((_, i) => i !== OUTSIDE) }));
    expect(
      flags(
        f,
        'Data',
        /^s3:GetObject and 14 more by an unknown administrator of account 111122223333 from outside any VPC endpoint/,
      ),
    ).toBe(true);
    expect(flags(f, 'Data', /by Training from outside any VPC endpoint/)).toBe(true);
  });

  test('fails when the Deny leaves out replication reads (GetObjectVersionForReplication)', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: withStatement(OUTSIDE, (x) => ({
          ...x,
          Action: OBJECT_DATA_READ_ACTIONS.filter((a) => a !== 's3:GetObjectVersionForReplication'),
        })),
      }),
    );
    expect(flags(f, 'Data', /^s3:GetObjectVersionForReplication by .* from outside any VPC endpoint/)).toBe(
      true,
    );
  });

  test('fails when the Deny is narrowed to a prefix', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: withStatement(OUTSIDE, (x) => ({
          ...x,
          Resource: { 'Fn::Join': ['', [arn('Data'), '/unused/*']] },
        })),
      }),
    );
    expect(flags(f, 'Data', /from outside any VPC endpoint, e\.g\. isotrain-check/)).toBe(true);
  });

  test('fails when a second endpoint ID is accepted, naming it', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: withStatement(OUTSIDE, (x) => ({
          ...x,
          Condition: { StringNotEquals: { 'aws:SourceVpce': [ref('Endpoint'), 'vpce-0fedcba9876543210'] } },
        })),
      }),
    );
    expect(flags(f, 'Data', /through another VPC endpoint \(vpce-0fedcba9876543210\)/)).toBe(true);
  });

  test('fails when reads through an AWS service are exempted', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: withStatement(OUTSIDE, (x) => ({
          ...x,
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') },
            BoolIfExists: { 'aws:ViaAWSService': 'false' },
          },
        })),
      }),
    );
    expect(flags(f, 'Data', /through an AWS service acting for the caller/)).toBe(true);
  });

  test('fails when a principal outside the templates is exempted, naming it', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: withStatement(OUTSIDE, (x) => ({
          ...x,
          Condition: {
            StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') },
            ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/analytics' },
          },
        })),
      }),
    );
    expect(flags(f, 'Data', /by arn:aws:iam::111122223333:role\/analytics \(named in the policy/)).toBe(true);
  });

  test('fails when an AWS service may read the data for this account (it delivers wherever asked)', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: (st) => [
          ...withStatement(OUTSIDE, (x) => ({
            ...x,
            Condition: {
              StringNotEquals: { 'aws:SourceVpce': ref('Endpoint') },
              BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
            },
          }))(st),
          {
            Effect: 'Allow',
            Principal: { Service: 'dms.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: objects('Data'),
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          },
        ],
      }),
    );
    expect(flags(f, 'Data', /^s3:GetObject by dms\.amazonaws\.com working for account 111122223333/)).toBe(
      true,
    );
  });

  test('fails when others may read through the endpoint', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        statements: (st) => st.filter((_, i) => i !== THROUGH),
        endpoint: (p) => ({
          ...p,
          PolicyDocument: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
        }),
      }),
    );
    expect(flags(f, 'Data', /by an unknown administrator .* through the project endpoint Endpoint/)).toBe(
      true,
    );
    expect(flags(f, 'Data', /by Training/)).toBe(false);
  });

  test('fails when the endpoint sits in a VPC the templates do not define', () => {
    const f = check((s) => dataPerimeter(s, { endpoint: (p) => ({ ...p, VpcId: 'vpc-0123456789abcdef0' }) }));
    expect(flags(f, 'Data', /an endpoint whose VPC is not verified isolated/)).toBe(true);
  });

  test('fails when the training role cannot read through the endpoint', () => {
    const f = check((s) =>
      dataPerimeter(s, {
        endpoint: (p) => ({
          ...p,
          PolicyDocument: {
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: '*' }],
          },
        }),
      }),
    );
    expect(flags(f, 'Data', /^Training cannot read .* through the project endpoint/)).toBe(true);
  });

  test('lets the deployment role read released objects only, and the release role results files only', () => {
    const roles: Build = (s) => {
      res(s, 'Deploy', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: tag('deployment-role'),
      });
      res(s, 'Release', 'AWS::IAM::Role', {
        AssumeRolePolicyDocument: { Statement: [] },
        Tags: tag('release-role'),
      });
    };
    const exemptBoth = (st: Statement[]) => [
      ...st.map((x, i) =>
        i === OUTSIDE
          ? {
              ...x,
              Condition: {
                ...(x.Condition as object),
                ArnNotEquals: { 'aws:PrincipalArn': [arn('Deploy'), arn('Release')] },
              },
            }
          : x,
      ),
      {
        Effect: 'Deny',
        Principal: '*',
        Action: [...OBJECT_DATA_READ_ACTIONS],
        Resource: objects('Data'),
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': arn('Deploy') },
          StringNotEquals: { 's3:ExistingObjectTag/isotrain:release': 'approved' },
        },
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: [...OBJECT_DATA_READ_ACTIONS],
        NotResource: { 'Fn::Join': ['', [arn('Data'), '/evaluations/*/results.json']] },
        Condition: { ArnEquals: { 'aws:PrincipalArn': arn('Release') } },
      },
    ];
    expect(
      check((s) => {
        roles(s);
        dataPerimeter(s, { statements: exemptBoth });
      }),
    ).toEqual({});
    const loose = check((s) => {
      roles(s);
      dataPerimeter(s, { statements: (st) => exemptBoth(st).slice(0, -1) });
    });
    expect(
      flags(
        loose,
        'Data',
        /by Release from outside any VPC endpoint, e\.g\. (?!evaluations\/.*results\.json)/,
      ),
    ).toBe(true);
  });

  test("with two projects in one app, another project's training role is not a reader of this bucket", () => {
    const twoProjects =
      (exemptBoth: boolean): Build =>
      (s) => {
        const other = new Stack(s.node.root, 'A', {
          env: { account: '111122223333', region: 'eu-west-1' },
        });
        dataPerimeter(other, { project: 'alpha' });
        const alphaTraining = 'arn:aws:iam::111122223333:role/<A.Training>';
        dataPerimeter(s, {
          project: 'beta',
          statements: withStatement(THROUGH, (x) => ({
            ...x,
            Condition: {
              StringEquals: { 'aws:SourceVpce': ref('Endpoint') },
              ArnNotEquals: {
                'aws:PrincipalArn': exemptBoth ? [arn('Training'), alphaTraining] : arn('Training'),
              },
            },
          })),
          endpoint: (p) => ({
            ...p,
            PolicyDocument: {
              Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
            },
          }),
        });
      };
    expect(check(twoProjects(false))).toEqual({});
    expect(
      flags(
        check(twoProjects(true)),
        'Data',
        /by arn:aws:iam::111122223333:role\/<A\.Training> .*through the project endpoint/,
      ),
    ).toBe(false);
    expect(flags(check(twoProjects(true)), 'Data', /by A\/Training .*through the project endpoint/)).toBe(
      true,
    );
  });

  test('does not apply to an audit bucket', () => {
    expect(check((s) => dataPerimeter(s, { purpose: 'audit', statements: (st) => st.slice(0, 1) }))).toEqual(
      {},
    );
  });
});
