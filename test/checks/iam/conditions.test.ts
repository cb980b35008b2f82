import { ContextValue, PolicyStatement } from '../../../lib/checks/iam';
import { allow, deny, getObject, identity, sessionA, verdict } from './fixtures';

type Ctx = Record<string, ContextValue>;

/** Allowed exactly when the condition holds: an Allow statement carrying it is the only grant. */
function holds(condition: PolicyStatement['Condition'], context: Ctx = {}): string {
  return verdict(getObject({ context }), identity(allow({ Condition: condition })));
}

const ALLOW = 'Allow';
const NO = 'ImplicitDeny';

describe('string operators', () => {
  test.each<[string, PolicyStatement['Condition'], Ctx, string]>([
    [
      'allows when StringEquals matches one of several values',
      { StringEquals: { 'aws:PrincipalTag/team': ['ops', 'ml'] } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when StringEquals differs only in case',
      { StringEquals: { 'aws:PrincipalTag/team': 'ML' } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'fails when StringEquals meets a wildcard (literal there)',
      { StringEquals: { 'aws:PrincipalTag/team': 'm*' } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when StringNotEquals matches none of the values (NOR)',
      { StringNotEquals: { 'aws:PrincipalTag/team': ['ops', 'qa'] } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when StringNotEquals matches one of the values',
      { StringNotEquals: { 'aws:PrincipalTag/team': ['ops', 'ml'] } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when StringEqualsIgnoreCase differs in case',
      { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'ML' } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when StringEqualsIgnoreCase differs in letters',
      { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'MX' } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when StringNotEqualsIgnoreCase differs in letters',
      { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'OPS' } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when StringNotEqualsIgnoreCase differs only in case',
      { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'ML' } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when StringLike matches with * and ?',
      { StringLike: { 'aws:PrincipalTag/team': 'm?-*' } },
      { 'aws:PrincipalTag/team': 'ml-research' },
      ALLOW,
    ],
    [
      'fails when StringLike ? needs exactly one character',
      { StringLike: { 'aws:PrincipalTag/team': 'm?' } },
      { 'aws:PrincipalTag/team': 'mlx' },
      NO,
    ],
    [
      'fails when StringLike is case-sensitive',
      { StringLike: { 'aws:PrincipalTag/team': 'M*' } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when StringNotLike matches no pattern',
      { StringNotLike: { 'aws:PrincipalTag/team': ['o*', 'q*'] } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when StringNotLike matches a pattern',
      { StringNotLike: { 'aws:PrincipalTag/team': ['o*', 'm*'] } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('numeric, date, bool, binary operators', () => {
  const age = (v: ContextValue): Ctx => ({ 'aws:MultiFactorAuthAge': v });
  const at = (v: ContextValue): Ctx => ({ 'aws:CurrentTime': v });
  test.each<[string, PolicyStatement['Condition'], Ctx, string]>([
    [
      'allows when NumericEquals holds (JSON number in the policy)',
      { NumericEquals: { 'aws:MultiFactorAuthAge': 300 } },
      age('300'),
      ALLOW,
    ],
    [
      'fails when NumericEquals differs',
      { NumericEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('301'),
      NO,
    ],
    [
      'allows when NumericNotEquals differs',
      { NumericNotEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age(30),
      ALLOW,
    ],
    [
      'fails when NumericNotEquals is equal',
      { NumericNotEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('300.0'),
      NO,
    ],
    [
      'allows when NumericLessThan holds',
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } },
      age('299'),
      ALLOW,
    ],
    [
      'fails when NumericLessThan is equal',
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } },
      age('300'),
      NO,
    ],
    [
      'allows when NumericLessThanEquals is equal',
      { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('300'),
      ALLOW,
    ],
    [
      'fails when NumericLessThanEquals is above',
      { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('301'),
      NO,
    ],
    [
      'allows when NumericGreaterThan holds for decimals',
      { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '1.5' } },
      age('1.75'),
      ALLOW,
    ],
    [
      'fails when NumericGreaterThan is equal',
      { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '300' } },
      age('300'),
      NO,
    ],
    [
      'allows when NumericGreaterThanEquals is equal',
      { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('300'),
      ALLOW,
    ],
    [
      'fails when NumericGreaterThanEquals is below',
      { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '300' } },
      age('2'),
      NO,
    ],
    [
      'fails when the request value is not a number',
      { NumericLessThan: { 'aws:MultiFactorAuthAge': '300' } },
      age('12abc'),
      NO,
    ],
    [
      'allows when DateEquals compares ISO and epoch seconds',
      { DateEquals: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      at('1735689600'),
      ALLOW,
    ],
    [
      'fails when DateEquals differs by a second',
      { DateEquals: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      at('2025-01-01T00:00:01Z'),
      NO,
    ],
    [
      'allows when DateNotEquals differs',
      { DateNotEquals: { 'aws:CurrentTime': '2025-01-01' } },
      at('2025-01-02'),
      ALLOW,
    ],
    [
      'fails when DateNotEquals is equal across time zones',
      { DateNotEquals: { 'aws:CurrentTime': '2025-01-01T01:00:00+01:00' } },
      at('2025-01-01T00:00:00Z'),
      NO,
    ],
    [
      'allows when DateLessThan holds',
      { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      at('2024-12-31T23:59:59Z'),
      ALLOW,
    ],
    [
      'fails when DateLessThan is equal',
      { DateLessThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      at('2025-01-01T00:00:00Z'),
      NO,
    ],
    [
      'allows when DateLessThanEquals is equal',
      { DateLessThanEquals: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } },
      at('2025-01-01T00:00:00Z'),
      ALLOW,
    ],
    [
      'fails when DateLessThanEquals is after',
      { DateLessThanEquals: { 'aws:CurrentTime': '2025-01-01' } },
      at('2025-01-02'),
      NO,
    ],
    [
      'allows when DateGreaterThan holds',
      { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01' } },
      at('2026-06-01T00:00:00Z'),
      ALLOW,
    ],
    [
      'fails when DateGreaterThan is before',
      { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01' } },
      at('2024-06-01T00:00:00Z'),
      NO,
    ],
    [
      'allows when DateGreaterThanEquals is equal',
      { DateGreaterThanEquals: { 'aws:CurrentTime': '1735689600' } },
      at('2025-01-01T00:00:00Z'),
      ALLOW,
    ],
    [
      'fails when DateGreaterThanEquals is before',
      { DateGreaterThanEquals: { 'aws:CurrentTime': '1735689600' } },
      at('1735689599'),
      NO,
    ],
    [
      'allows when Bool matches a JSON boolean, any case',
      { Bool: { 'aws:SecureTransport': true } },
      { 'aws:SecureTransport': 'TRUE' },
      ALLOW,
    ],
    [
      'allows when Bool matches a boolean context value',
      { Bool: { 'aws:SecureTransport': 'false' } },
      { 'aws:SecureTransport': false },
      ALLOW,
    ],
    [
      'fails when Bool differs',
      { Bool: { 'aws:SecureTransport': 'true' } },
      { 'aws:SecureTransport': 'false' },
      NO,
    ],
    [
      'allows when BinaryEquals compares the same bytes',
      { BinaryEquals: { 'aws:PrincipalTag/blob': 'QUJD' } },
      { 'aws:PrincipalTag/blob': 'QUJD' },
      ALLOW,
    ],
    [
      'fails when BinaryEquals compares other bytes',
      { BinaryEquals: { 'aws:PrincipalTag/blob': 'QUJD' } },
      { 'aws:PrincipalTag/blob': 'QUJE' },
      NO,
    ],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('IP address and ARN operators', () => {
  const ip = (v: string): Ctx => ({ 'aws:SourceIp': v });
  const src = (v: string): Ctx => ({ 'aws:SourceArn': v });
  test.each<[string, PolicyStatement['Condition'], Ctx, string]>([
    [
      'allows when IpAddress falls in an IPv4 CIDR',
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      ip('203.0.113.200'),
      ALLOW,
    ],
    [
      'fails when IpAddress falls outside the IPv4 CIDR',
      { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
      ip('203.0.114.1'),
      NO,
    ],
    [
      'allows when IpAddress equals a single address',
      { IpAddress: { 'aws:SourceIp': '198.51.100.7' } },
      ip('198.51.100.7'),
      ALLOW,
    ],
    [
      'allows when IpAddress falls in an IPv6 CIDR',
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      ip('2001:DB8:0:1::5'),
      ALLOW,
    ],
    [
      'fails when an IPv4 address meets an IPv6 CIDR',
      { IpAddress: { 'aws:SourceIp': '::/0' } },
      ip('203.0.113.1'),
      NO,
    ],
    [
      'allows when NotIpAddress is outside every CIDR',
      { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
      ip('203.0.113.1'),
      ALLOW,
    ],
    [
      'fails when NotIpAddress is inside one CIDR',
      { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
      ip('10.1.2.3'),
      NO,
    ],
    [
      'allows when ArnLike matches per segment',
      { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:111111111111:*` } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      ALLOW,
    ],
    [
      'fails when an ArnLike wildcard would have to cross a colon before the resource part',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:topic' } },
      src('arn:aws:sns:us-east-1:111111111111:extra:topic'),
      NO,
    ],
    [
      'allows only uncertainly when the policy ARN has fewer than six parts',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:topic' } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      'Allow (uncertain)',
    ],
    [
      'allows when ArnEquals takes wildcards like ArnLike',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:t*' } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      ALLOW,
    ],
    [
      'fails when ArnEquals differs in case',
      { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:Topic' } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      NO,
    ],
    [
      'allows when ArnNotLike matches no pattern',
      { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:222222222222:*' } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      ALLOW,
    ],
    [
      'fails when ArnNotEquals matches',
      { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:sns:*:111111111111:*' } },
      src('arn:aws:sns:us-east-1:111111111111:topic'),
      NO,
    ],
    [
      'allows when the resource part wildcard spans / and :',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111111111111:log-group:*' } },
      src('arn:aws:logs:us-east-1:111111111111:log-group:/a/b:*'),
      ALLOW,
    ],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('absent keys, IfExists and Null', () => {
  test.each<[string, PolicyStatement['Condition'], Ctx, string]>([
    [
      'fails when a positive operator meets an absent key',
      { StringEquals: { 'aws:PrincipalTag/team': 'ml' } },
      {},
      NO,
    ],
    [
      'allows when a negated operator meets an absent key',
      { StringNotEquals: { 'aws:PrincipalTag/team': 'ml' } },
      {},
      ALLOW,
    ],
    [
      'allows when ...IfExists meets an absent key',
      { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '300' } },
      {},
      ALLOW,
    ],
    [
      'fails when ...IfExists meets a present key that fails',
      { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '300' } },
      { 'aws:MultiFactorAuthAge': '3600' },
      NO,
    ],
    [
      'allows when BoolIfExists meets an absent key',
      { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      {},
      ALLOW,
    ],
    [
      'fails when Bool (no IfExists) meets an absent key',
      { Bool: { 'aws:SecureTransport': 'false' } },
      {},
      NO,
    ],
    ['allows when Null true meets an absent key', { Null: { 'aws:PrincipalTag/team': 'true' } }, {}, ALLOW],
    [
      'fails when Null true meets a present key',
      { Null: { 'aws:PrincipalTag/team': true } },
      { 'aws:PrincipalTag/team': 'ml' },
      NO,
    ],
    [
      'allows when Null false meets a present key',
      { Null: { 'aws:PrincipalTag/team': 'false' } },
      { 'aws:PrincipalTag/team': '' },
      ALLOW,
    ],
    [
      'fails when Null false meets an empty list (no values is no key)',
      { Null: { 'aws:TagKeys': 'false' } },
      { 'aws:TagKeys': [] },
      NO,
    ],
    [
      'allows when an explicit undefined removes an auto-filled key',
      { Null: { 'aws:PrincipalArn': 'true' } },
      { 'aws:PrincipalArn': undefined },
      ALLOW,
    ],
    [
      'allows when keys are compared case-insensitively',
      { StringEquals: { 'AWS:principaltag/TEAM': 'ml' } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('set operators and multivalued keys', () => {
  const tags = (v: ContextValue): Ctx => ({ 'aws:TagKeys': v });
  test.each<[string, PolicyStatement['Condition'], Ctx, string]>([
    [
      'allows when ForAllValues sees every value in the set',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['ml', 'dev'] } },
      tags(['ml', 'dev']),
      ALLOW,
    ],
    [
      'fails when ForAllValues sees one value outside the set',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['ml', 'dev'] } },
      tags(['ml', 'ops']),
      NO,
    ],
    [
      'allows when ForAllValues meets an absent key',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'ml' } },
      {},
      ALLOW,
    ],
    [
      'allows when ForAllValues meets an empty list',
      { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'ml' } },
      tags([]),
      ALLOW,
    ],
    [
      'allows when ForAnyValue sees one value in the set',
      { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'm*' } },
      tags(['ops', 'ml']),
      ALLOW,
    ],
    [
      'fails when ForAnyValue sees none in the set',
      { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'm*' } },
      tags(['ops', 'qa']),
      NO,
    ],
    [
      'fails when ForAnyValue meets an absent key',
      { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ml' } },
      {},
      NO,
    ],
    [
      'allows when ForAnyValue...IfExists meets an absent key (IfExists decides)',
      { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': 'ml' } },
      {},
      ALLOW,
    ],
    [
      'allows when ForAllValues:StringNotEquals finds no value in the set',
      { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['admin'] } },
      tags(['ml', 'ops']),
      ALLOW,
    ],
    [
      'fails when ForAllValues:StringNotEquals finds one value in the set',
      { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['admin'] } },
      tags(['ml', 'admin']),
      NO,
    ],
    [
      'allows when ForAnyValue:StringNotEquals finds one value outside the set',
      { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['admin'] } },
      tags(['admin', 'ml']),
      ALLOW,
    ],
    [
      'fails when ForAnyValue:StringNotEquals finds every value in the set',
      { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['admin'] } },
      tags(['admin']),
      NO,
    ],
    [
      'allows when a set operator meets a single-valued key',
      { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': 'ml' } },
      { 'aws:PrincipalTag/team': 'ml' },
      ALLOW,
    ],
    [
      'fails when an unqualified positive operator meets a multivalued key',
      { StringEquals: { 'aws:TagKeys': 'ml' } },
      tags(['ml']),
      NO,
    ],
    [
      'fails when an unqualified negated operator meets a multivalued key',
      { StringNotEquals: { 'aws:TagKeys': 'admin' } },
      tags(['ml', 'ops']),
      NO,
    ],
    [
      'fails when ...IfExists without a set operator meets a multivalued key',
      { StringNotEqualsIfExists: { 'aws:TagKeys': 'admin' } },
      tags(['ml']),
      NO,
    ],
  ])('%s', (_name, condition, context, expected) => {
    expect(holds(condition, context)).toBe(expected);
  });
});

describe('combining keys, values and operators', () => {
  const ctx: Ctx = {
    'aws:PrincipalTag/team': 'ml',
    'aws:PrincipalTag/stage': 'prod',
    'aws:SecureTransport': 'true',
  };
  test.each<[string, PolicyStatement['Condition'], string]>([
    [
      'allows when two keys in one operator both hold',
      { StringEquals: { 'aws:PrincipalTag/team': 'ml', 'aws:PrincipalTag/stage': 'prod' } },
      ALLOW,
    ],
    [
      'fails when one of two keys in one operator fails',
      { StringEquals: { 'aws:PrincipalTag/team': 'ml', 'aws:PrincipalTag/stage': 'dev' } },
      NO,
    ],
    [
      'allows when two operators both hold',
      { StringEquals: { 'aws:PrincipalTag/team': 'ml' }, Bool: { 'aws:SecureTransport': 'true' } },
      ALLOW,
    ],
    [
      'fails when one of two operators fails',
      { StringEquals: { 'aws:PrincipalTag/team': 'ml' }, Bool: { 'aws:SecureTransport': 'false' } },
      NO,
    ],
    ['allows when an empty condition block is present', {}, ALLOW],
  ])('%s', (_name, condition, expected) => {
    expect(holds(condition, ctx)).toBe(expected);
  });

  test('a Deny whose two conditions are ANDed lets through a request that breaks only one (FIELD-NOTES)', () => {
    const guard = deny({
      Condition: {
        Bool: { 'aws:SecureTransport': 'false' },
        StringNotEquals: { 'aws:SourceVpce': 'vpce-1' },
      },
    });
    const policies = identity(allow(), guard);
    expect(
      verdict(
        getObject({ context: { 'aws:SecureTransport': 'false', 'aws:SourceVpce': 'vpce-1' } }),
        policies,
      ),
    ).toBe(ALLOW);
    expect(
      verdict(
        getObject({ context: { 'aws:SecureTransport': 'false', 'aws:SourceVpce': 'vpce-2' } }),
        policies,
      ),
    ).toBe('ExplicitDeny');
  });
});

describe('malformed conditions are uncertain, never silently true or false', () => {
  test.each<[string, PolicyStatement['Condition']]>([
    ['an unknown operator', { StringEqualz: { 'aws:PrincipalTag/team': 'ml' } }],
    ['an unknown set qualifier', { 'ForSomeValues:StringEquals': { 'aws:PrincipalTag/team': 'ml' } }],
    ['NullIfExists', { NullIfExists: { 'aws:PrincipalTag/team': 'true' } }],
    ['a Null value that is not a boolean', { Null: { 'aws:PrincipalTag/team': 'yes' } }],
    ['a numeric policy value that is not a number', { NumericLessThan: { 'aws:MultiFactorAuthAge': 'ten' } }],
    ['a CIDR that is not one', { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } }],
    ['an operator block that is not an object', { StringEquals: 'ml' }],
  ])('an Allow is uncertain with %s', (_name, condition) => {
    const context = { 'aws:MultiFactorAuthAge': '30', 'aws:SourceIp': '10.0.0.1' };
    const principal = { ...sessionA, tags: { team: 'ml' } };
    const r = verdict(getObject({ principal, context }), identity(allow({ Condition: condition })));
    expect(r).toBe('Allow (uncertain)');
  });
});
