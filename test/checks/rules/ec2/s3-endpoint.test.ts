import { S3GatewayEndpointPolicy } from '../../../../lib/checks/rules/ec2/s3-gateway-endpoint-policy';
import { Statement, dataPerimeter } from '../../fixture';
import { arn } from '../../support';
import { flags, reasonsOf } from '../reasons';

const endpoint = (change: (s: Statement) => Statement) =>
  reasonsOf(S3GatewayEndpointPolicy, (s) =>
    dataPerimeter(s, {
      endpoint: (p) => {
        const doc = p.PolicyDocument as { Statement: Statement[] };
        return { ...p, PolicyDocument: { ...doc, Statement: doc.Statement.map(change) } };
      },
    }),
  );

describe('Isolation-VPCE2: the S3 endpoint admits the app buckets and principals only', () => {
  test("passes the app's bucket by reference, for the training role", () => {
    expect(endpoint((s) => s)).toEqual({});
  });
  test('fails when a name pattern also admits lookalike buckets, naming one', () => {
    const f = endpoint((s) => ({ ...s, Resource: ['arn:aws:s3:::legal-*', 'arn:aws:s3:::legal-*/*'] }));
    expect(flags(f, 'Endpoint', /on legal-isotrain-check, a bucket outside the app by Training/)).toBe(true);
  });
  test('fails when any principal may use it on the app buckets', () => {
    const f = endpoint((s) => ({ ...s, Condition: undefined }));
    expect(flags(f, 'Endpoint', /on Data of the app by an unknown administrator/)).toBe(true);
    expect(flags(f, 'Endpoint', /by a role of account 999988887777/)).toBe(true);
  });
  test('fails when it admits every resource', () => {
    const f = endpoint((s) => ({ ...s, Resource: '*' }));
    expect(flags(f, 'Endpoint', /isotrain-check-other-account-bucket, a bucket outside the app/)).toBe(true);
  });
  test('fails when it admits every bucket of this account (aws:ResourceAccount is no perimeter)', () => {
    const f = endpoint((s) => ({
      ...s,
      Resource: 'arn:aws:s3:::*/*',
      Condition: { StringEquals: { 'aws:ResourceAccount': '111122223333' } },
    }));
    expect(
      flags(
        f,
        'Endpoint',
        /on isotrain-check-other-account-bucket, a bucket outside the app in this account/,
      ),
    ).toBe(true);
    expect(flags(f, 'Endpoint', /a bucket outside the app by/)).toBe(false);
  });
  test('passes when the same bucket is named by a literal name the template gives it', () => {
    const f = reasonsOf(S3GatewayEndpointPolicy, (s) =>
      dataPerimeter(s, {
        bucket: (p) => ({ ...p, BucketName: 'acme-legal-data' }),
        endpoint: (p) => ({
          ...p,
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::acme-legal-data/*',
                Condition: { ArnEquals: { 'aws:PrincipalArn': arn('Training') } },
              },
            ],
          },
        }),
      }),
    );
    expect(f).toEqual({});
  });
});
