import { callerClasses } from '../../../lib/checks/access/ask';
import { Caller } from '../../../lib/checks/access/inventory';
import { Named } from '../../../lib/checks/iam';
import { arnGlob, globMatch } from '../../../lib/checks/iam/plain';

const A = '111122223333';
const B = '444455556666';

function role(account: string, name: string, path = ''): Caller {
  return {
    id: `${account}/${name}`,
    principal: {
      type: 'assumed-role',
      arn: `arn:aws:sts::${account}:assumed-role/${name}/isotrain-check`,
      roleArn: `arn:aws:iam::${account}:role/${path}${name}`,
      account,
    },
    identity: [],
  };
}

const user = (account: string, name: string): Caller => ({
  id: `${account}/user/${name}`,
  principal: { type: 'user', arn: `arn:aws:iam::${account}:user/${name}`, account },
  identity: [],
});

const CALLERS: Caller[] = [
  role(A, 'training'),
  role(A, 'data-upload'),
  role(A, 'data-publish'),
  role(A, 'admin', 'ops/'),
  role(A, 'reader'),
  role(B, 'training'),
  role(B, 'data-upload'),
  role(B, 'reader'),
  user(A, 'alice'),
  user(A, 'bob'),
  user(B, 'alice'),
];

const doc = (name: string, Statement: unknown[]): Named => ({
  name,
  document: { Version: '2012-10-17', Statement } as Named['document'],
});

/** Literal ARNs and accounts (some of them names of callers), wildcards and malformed strings. */
const DOCS: Named[] = [
  doc('bucket', [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:GetObject', 's3:Get*'],
      Resource: '*',
      Condition: {
        ArnNotLike: {
          'aws:PrincipalArn': [`arn:aws:iam::${A}:role/data-*`, `arn:aws:iam::${A}:role/training`],
        },
        StringNotEquals: { 'aws:PrincipalAccount': A },
      },
    },
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 's3:*', Resource: '*' },
  ]),
  doc('key', [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${B}:role/reader` },
      Action: 'kms:Decrypt',
      Resource: '*',
    },
    { Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:Describe?ey', Resource: 'not-an-arn' },
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::*:role/ops/*` }, Action: '', Resource: '*' },
  ]),
];

function stringsOf(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsOf(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsOf(v, out));
  return out;
}

/**
 * The definition the grouping must meet: two callers share a class exactly when they agree on type,
 * account and what the rule distinguishes, and every string of the documents, as a glob and as an
 * ARN pattern, treats each of their names (ARN, role ARN, account, service) alike.
 */
function byDefinition(callers: readonly Caller[], docs: readonly Named[], extra: (c: Caller) => string) {
  const strings = [
    ...stringsOf(
      docs.map((d) => d.document),
      new Set(),
    ),
  ];
  const names = (c: Caller) => [
    c.principal.arn,
    c.principal.roleArn ?? '',
    c.principal.account,
    c.principal.service ?? '',
  ];
  const alike = (x: Caller, y: Caller) =>
    x.principal.type === y.principal.type &&
    x.principal.account === y.principal.account &&
    extra(x) === extra(y) &&
    strings.every((s) =>
      names(x).every((n, i) => {
        const m = names(y)[i];
        return globMatch(s, n) === globMatch(s, m) && arnGlob(s, n) === arnGlob(s, m);
      }),
    );
  const classes: Caller[][] = [];
  for (const c of callers) {
    const home = classes.find((k) => alike(k[0], c));
    if (home) home.push(c);
    else classes.push([c]);
  }
  return classes;
}

const ids = (classes: Caller[][]) => classes.map((k) => k.map((c) => c.id));

describe('callerClasses: one caller per class decides for the class', () => {
  test('groups exactly the callers no string of the documents tells apart', () => {
    const got = callerClasses(CALLERS, DOCS, () => '');
    expect(ids(got)).toEqual(ids(byDefinition(CALLERS, DOCS, () => '')));
    // Neither everyone alone nor everyone together: the documents do tell some callers apart.
    expect(got.length).toBeGreaterThan(3);
    expect(got.length).toBeLessThan(CALLERS.length);
  });

  test('a literal ARN in the documents sets its caller apart; a wildcard groups those it matches', () => {
    const got = ids(callerClasses(CALLERS, DOCS, () => ''));
    const classOf = (id: string) => got.find((k) => k.includes(id))!;
    expect(classOf(`${A}/training`)).toEqual([`${A}/training`]);
    expect(classOf(`${A}/user/alice`)).toEqual([`${A}/user/alice`]);
    expect(classOf(`${A}/data-upload`)).toEqual([`${A}/data-upload`, `${A}/data-publish`]);
    expect(classOf(`${B}/training`)).toEqual([`${B}/training`, `${B}/data-upload`]);
  });

  test('what the rule distinguishes splits classes', () => {
    const extra = (c: Caller) => (c.id.endsWith('upload') ? 'uploader' : '');
    expect(ids(callerClasses(CALLERS, DOCS, extra))).toEqual(ids(byDefinition(CALLERS, DOCS, extra)));
  });

  test('documents that read user names or tags put every caller alone', () => {
    const tagged = [
      ...DOCS,
      doc('tags', [
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } },
        },
      ]),
    ];
    expect(callerClasses(CALLERS, tagged, () => '')).toHaveLength(CALLERS.length);
  });
});
