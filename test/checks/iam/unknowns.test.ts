import {
  Named,
  Policies,
  PolicyStatement,
  evaluate,
  isAllowed,
  isDenied,
  unknownValue,
} from '../../../lib/checks/iam';
import { A, ROLE, allow, deny, doc, getObject, sessionA, verdict } from './fixtures';

const named = (name: string, ...statements: PolicyStatement[]): Named => ({
  name,
  document: doc(...statements),
});
const vpce = unknownValue('Ref DataEndpoint');
const bucketArn = unknownValue('GetAtt DataBucket.Arn');
const idAllow = [named('Identity', allow())];

describe('unresolved values make decisions uncertain, never wrong', () => {
  test.each<[string, () => string, string]>([
    [
      'a Deny whose condition compares with an unresolved endpoint ID',
      () =>
        verdict(getObject({ context: { 'aws:SourceVpce': 'vpce-0abc' } }), {
          identity: idAllow,
          resource: named(
            'B',
            deny({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } } }),
          ),
        }),
      'Allow (uncertain)',
    ],
    [
      'an Allow on an unresolved bucket ARN that may be this bucket',
      () => verdict(getObject(), { identity: [named('I', allow({ Resource: `${bucketArn}/*` }))] }),
      'Allow (uncertain)',
    ],
    [
      'an Allow on an unresolved bucket name inside a literal ARN of another service',
      () =>
        verdict(getObject(), {
          identity: [
            named('I', allow({ Resource: `arn:aws:sqs:us-east-1:${A}:${unknownValue('Ref Queue')}` })),
          ],
        }),
      'ImplicitDeny',
    ],
    [
      'a Deny that applies whatever the unknown is (an unknown OR-ed with a certain match)',
      () =>
        verdict(getObject(), {
          identity: [
            named('I', allow(), deny({ Resource: [`${bucketArn}/*`, 'arn:aws:s3:::data-bucket/*'] })),
          ],
        }),
      'ExplicitDeny',
    ],
    [
      'a Deny that cannot apply whatever the unknown is (an unknown AND-ed with a certain miss)',
      () =>
        verdict(getObject({ context: { 'aws:SecureTransport': 'true' } }), {
          identity: [
            named(
              'I',
              allow(),
              deny({
                Condition: {
                  StringEquals: { 'aws:SourceVpce': vpce },
                  Bool: { 'aws:SecureTransport': 'false' },
                },
              }),
            ),
          ],
        }),
      'Allow',
    ],
    [
      'an unresolved Effect (Fn::If) on a matching statement',
      () =>
        verdict(getObject(), {
          identity: [named('I', allow(), { ...deny(), Effect: { 'Fn::If': ['C', 'Deny', 'Allow'] } })],
        }),
      'Allow (uncertain)',
    ],
    [
      'an intrinsic object where an Action should be',
      () => verdict(getObject(), { identity: [named('I', allow({ Action: { Ref: 'Action' } as never }))] }),
      'Allow (uncertain)',
    ],
    [
      'an unresolved principal in a bucket grant',
      () =>
        verdict(getObject(), {
          resource: named('B', allow({ Principal: { AWS: unknownValue('GetAtt Role.Arn') } })),
        }),
      'Allow (uncertain)',
    ],
    [
      'an unresolved account in a principal that cannot be this role’s',
      () =>
        verdict(getObject(), {
          resource: named(
            'B',
            allow({ Principal: { AWS: `arn:aws:iam::${unknownValue('AccountId')}:role/other` } }),
          ),
        }),
      'ImplicitDeny',
    ],
    [
      'the same unresolved value in the policy and in the request',
      () =>
        verdict(getObject({ resource: `${bucketArn}/reports/q1.csv` }), {
          identity: [named('I', allow({ Resource: `${bucketArn}/*` }))],
        }),
      'Allow',
    ],
    [
      'an unresolved value in the request that only a wildcard covers',
      () =>
        verdict(getObject({ resource: `${bucketArn}/reports/q1.csv` }), {
          identity: [named('I', allow({ Resource: 'arn:aws:s3:::data-bucket/*' }))],
        }),
      'Allow (uncertain)',
    ],
    [
      'an unresolved object key where the policy allows exactly one character',
      () =>
        verdict(getObject({ resource: `arn:aws:s3:::data-bucket/${unknownValue('Ref Key')}` }), {
          identity: [named('I', allow({ Resource: 'arn:aws:s3:::data-bucket/?' }))],
        }),
      'Allow (uncertain)',
    ],
    [
      'an unresolved numeric value',
      () =>
        verdict(getObject({ context: { 'aws:MultiFactorAuthAge': '30' } }), {
          identity: [
            named(
              'I',
              allow({
                Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': unknownValue('Ref MaxAge') } },
              }),
            ),
          ],
        }),
      'Allow (uncertain)',
    ],
    [
      'Null on a key whose value is unresolved but present',
      () =>
        verdict(getObject({ context: { 'aws:SourceVpce': vpce } }), {
          identity: [named('I', allow({ Condition: { Null: { 'aws:SourceVpce': 'false' } } }))],
        }),
      'Allow',
    ],
  ])('%s → %s', (_name, result, expected) => {
    expect(result()).toBe(expected);
  });

  test('the reported decision is the most permissive possible; isDenied and isAllowed stay safe', () => {
    const policies: Policies = {
      identity: idAllow,
      resource: named(
        'B',
        deny({ Principal: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } } }),
      ),
    };
    const r = evaluate(getObject({ context: { 'aws:SourceVpce': 'vpce-0abc' } }), policies);
    expect(r).toMatchObject({ decision: 'Allow', certain: false });
    expect(isAllowed(r)).toBe(false);
    expect(isDenied(r)).toBe(false);
    expect(r.matched).toContainEqual({ policy: 'B', effect: 'Deny', index: 0, certain: false });
  });

  test('a caller-supplied isUnknown marks whole values (here CloudFormation token strings)', () => {
    const isUnknown = (v: string) => v.startsWith('${Token[');
    const policies = { resource: named('B', allow({ Principal: { AWS: '${Token[TOKEN.123]}' } })) };
    expect(verdict(getObject(), policies, { isUnknown })).toBe('Allow (uncertain)');
    expect(verdict(getObject(), policies)).toBe('ImplicitDeny');
    // Markers the evaluator itself creates (for intrinsic objects) still count with a custom test.
    expect(
      verdict(
        getObject(),
        { resource: named('B', allow({ Principal: { AWS: { Ref: 'R' } as never } })) },
        { isUnknown },
      ),
    ).toBe('Allow (uncertain)');
  });

  test('unknownValue defuses "}" so a description cannot end the marker early', () => {
    const v = unknownValue('{"Fn::Sub": "${A}"}');
    expect(v.startsWith('{{unknown:')).toBe(true);
    expect(v.indexOf('}}')).toBe(v.length - 2);
    expect(verdict(getObject(), { resource: named('B', allow({ Principal: { AWS: v } })) })).toBe(
      'Allow (uncertain)',
    );
  });

  test('an unresolved account makes same/cross account unknown only where it matters', () => {
    const principal = { ...sessionA, account: unknownValue('AccountId') };
    expect(verdict(getObject({ principal }), { identity: idAllow })).toBe('Allow (uncertain)');
    expect(
      verdict(getObject({ principal }), {
        identity: idAllow,
        resource: named('B', allow({ Principal: { AWS: ROLE } })),
      }),
    ).toBe('Allow');
  });
});
