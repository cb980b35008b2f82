/**
 * A corpus of requests for cross-checking the evaluator against @cloud-copilot/iam-simulate, generated
 * family by family: condition operators × IfExists × set qualifiers × absent/present/multivalued keys ×
 * Allow/Deny; actions and resources × wildcards × NotAction/NotResource; principals named in resource
 * policies × same/cross account × boundaries; SCPs, RCPs, endpoint and session policies; KMS key
 * policies; role trust policies; service and anonymous principals; NotPrincipal; policy variables.
 *
 * Left out on purpose (the two evaluators legitimately differ there; each is covered by unit tests):
 * - ForAnyValue:...IfExists on an absent key: AWS says IfExists makes an absent key true; the simulator
 *   checks the set operator first (false).
 * - An empty list under Null or an operator without a set qualifier: we treat "no values" as "no key"
 *   (AWS, for Null and ForAllValues); the simulator sees a present key.
 * - Unresolvable variables under negated operators: AWS documents that StringNotEquals "matches"
 *   a null value; the simulator fails the value.
 * - NotPrincipal listing only some of account/role/session, and Allow with NotPrincipal: uncertain here.
 * - A same-account grant to "*" meeting a silent permissions boundary: undocumented, uncertain here.
 * - Endpoint policies naming specific principals: the simulator only accepts Principal "*" there.
 * - SCPs for service principals, and the root user: the simulator applies SCPs to services and does not
 *   model root's implicit permissions.
 * - A grant to the session ARN meeting a silent session policy: the simulator always applies the
 *   session policy.
 * - Dates mixing ISO and epoch formats: the simulator compares epoch seconds with milliseconds.
 * - Variables in Bool/Numeric/Date values: AWS does not resolve them there; the simulator does in Bool.
 * - A variable whose value holds colons inside an Arn* condition value: the simulator splits the policy
 *   ARN before resolving variables.
 * - Request resources holding `*` (a literal character in an S3 key): the simulator reads them as patterns.
 * - Malformed ARNs, wildcards in an ARN's product segment, unknown values: nothing to compare with.
 */
import {
  ContextValue,
  IamRequest,
  Named,
  Policies,
  PolicyStatement,
  RequestPrincipal,
  ResourceKind,
} from '../../../lib/checks/iam';
import {
  A,
  B,
  B_ROLE,
  B_SESSION,
  KEY,
  OBJECT,
  QUEUE,
  ROLE,
  ROOT_A,
  ROOT_B,
  SESSION,
  TARGET_ROLE,
  USER,
  allow,
  anonymous,
  deny,
  doc,
  roleA,
  service,
  sessionA,
  sessionB,
  userA,
} from './fixtures';

export interface Case {
  readonly family: string;
  readonly name: string;
  readonly request: IamRequest;
  readonly policies: Policies;
  readonly kind?: ResourceKind;
}

const named = (name: string, ...statements: PolicyStatement[]): Named => ({
  name,
  document: doc(...statements),
});
const getObject = (principal: RequestPrincipal, context: Record<string, ContextValue> = {}): IamRequest => ({
  principal,
  action: 's3:GetObject',
  resource: OBJECT,
  resourceAccount: A,
  context,
});

// ---------------------------------------------------------------------------------------------------
// Condition operators
// ---------------------------------------------------------------------------------------------------

interface KeySpec {
  readonly key: string;
  /** Request states: a label and the context value (undefined = absent). */
  readonly states: ReadonlyArray<readonly [string, ContextValue]>;
}

interface OperatorFamily {
  readonly operators: ReadonlyArray<readonly [string, unknown]>;
  /** A single-valued key: every operator, IfExists, and a Deny twin for negated operators. */
  readonly single: KeySpec;
  /** A multivalued key, tried with and without set qualifiers. */
  readonly multi?: KeySpec;
  /** Try ForAllValues/ForAnyValue on the single-valued key too (a set of one). */
  readonly qualifySingle: boolean;
}

const FAMILIES: Record<string, OperatorFamily> = {
  string: {
    operators: [
      ['StringEquals', ['ml', 'dev']],
      ['StringNotEquals', ['ml', 'dev']],
      ['StringEqualsIgnoreCase', 'ML'],
      ['StringNotEqualsIgnoreCase', 'ML'],
      ['StringLike', ['m*', 'd?v']],
      ['StringNotLike', 'm*'],
    ],
    single: {
      key: 'aws:PrincipalTag/team',
      states: [
        ['absent', undefined],
        ['ml', 'ml'],
        ['ops', 'ops'],
      ],
    },
    multi: {
      key: 'aws:TagKeys',
      states: [
        ['absent', undefined],
        ['[ml,dev]', ['ml', 'dev']],
        ['[ml,ops]', ['ml', 'ops']],
        ['[ops,qa]', ['ops', 'qa']],
      ],
    },
    qualifySingle: true,
  },
  numeric: {
    operators: ['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].map(
      (o) => [`Numeric${o}`, '300'] as const,
    ),
    single: {
      key: 'aws:MultiFactorAuthAge',
      states: [
        ['absent', undefined],
        ['30', '30'],
        ['300', 300],
        ['3600', '3600'],
      ],
    },
    qualifySingle: false,
  },
  date: {
    operators: ['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].map(
      (o) => [`Date${o}`, '2025-01-01T00:00:00Z'] as const,
    ),
    single: {
      key: 'aws:CurrentTime',
      states: [
        ['absent', undefined],
        ['2024', '2024-06-01T00:00:00Z'],
        ['2025', '2025-01-01T00:00:00Z'],
        ['2026', '2026-06-01T00:00:00Z'],
      ],
    },
    qualifySingle: false,
  },
  epoch: {
    operators: [
      ['DateEquals', '1735689600'],
      ['DateLessThan', '1735689600'],
      ['DateGreaterThanEquals', '1735689600'],
    ],
    single: {
      key: 'aws:EpochTime',
      states: [
        ['absent', undefined],
        ['before', '1700000000'],
        ['same', '1735689600'],
      ],
    },
    qualifySingle: false,
  },
  bool: {
    operators: [
      ['Bool', 'true'],
      ['Bool', false],
    ],
    single: {
      key: 'aws:SecureTransport',
      states: [
        ['absent', undefined],
        ['true', 'true'],
        ['false', false],
      ],
    },
    qualifySingle: true,
  },
  binary: {
    operators: [['BinaryEquals', 'bWw=']],
    single: {
      key: 'aws:PrincipalTag/blob',
      states: [
        ['absent', undefined],
        ['bWw=', 'bWw='],
        ['b3Bz', 'b3Bz'],
      ],
    },
    qualifySingle: false,
  },
  ip: {
    operators: [
      ['IpAddress', ['203.0.113.0/24', '2001:db8::/32']],
      ['NotIpAddress', ['203.0.113.0/24', '2001:db8::/32']],
      ['IpAddress', '198.51.100.1'],
    ],
    single: {
      key: 'aws:SourceIp',
      states: [
        ['absent', undefined],
        ['v4 in', '203.0.113.7'],
        ['v4 out', '198.51.100.1'],
        ['v6 in', '2001:db8::1'],
        ['v6 out', '2001:db9::1'],
      ],
    },
    qualifySingle: true,
  },
  arn: {
    operators: [
      ['ArnLike', `arn:aws:sns:*:${A}:*`],
      ['ArnEquals', `arn:aws:sns:us-east-1:${A}:topic-a`],
      ['ArnNotLike', `arn:aws:sns:*:${A}:*`],
      ['ArnNotEquals', [`arn:aws:sns:us-east-1:${A}:topic-a`, `arn:aws:sqs:*:${B}:q`]],
    ],
    single: {
      key: 'aws:SourceArn',
      states: [
        ['absent', undefined],
        ['sns A', `arn:aws:sns:us-east-1:${A}:topic-a`],
        ['sns B', `arn:aws:sns:us-east-1:${B}:topic-a`],
        ['sqs B', `arn:aws:sqs:us-east-1:${B}:q`],
      ],
    },
    qualifySingle: true,
  },
};

const NEGATED = /Not(Equals|Like|IpAddress)|NotEqualsIgnoreCase/;

function conditionCase(
  family: string,
  op: string,
  key: string,
  value: unknown,
  label: string,
  state: ContextValue,
  effect: 'Allow' | 'Deny',
): Case {
  const condition = { [op]: { [key]: value } } as PolicyStatement['Condition'];
  const context = state === undefined ? {} : { [key]: state };
  const policies =
    effect === 'Allow'
      ? { identity: [named('Identity', allow({ Condition: condition }))] }
      : { identity: [named('Identity', allow(), deny({ Condition: condition }))] };
  return {
    family: `condition:${family}`,
    name: `${effect} ${op} ${key}=${JSON.stringify(value)} with ${label}`,
    request: getObject(sessionA, context),
    policies,
  };
}

function conditionCases(): Case[] {
  const out: Case[] = [];
  for (const [family, f] of Object.entries(FAMILIES)) {
    for (const [operator, value] of f.operators) {
      for (const ifExists of [false, true]) {
        const suffix = ifExists ? 'IfExists' : '';
        const negated = NEGATED.test(operator);
        for (const [label, state] of f.single.states) {
          out.push(conditionCase(family, `${operator}${suffix}`, f.single.key, value, label, state, 'Allow'));
          if (negated || ifExists)
            out.push(
              conditionCase(family, `${operator}${suffix}`, f.single.key, value, label, state, 'Deny'),
            );
        }
        const qualified: Array<readonly [string, ContextValue]> = [
          ...(f.multi ? f.multi.states : []),
          ...(f.qualifySingle ? f.single.states.filter(([, v]) => v !== undefined).slice(0, 1) : []),
        ];
        if (f.multi) {
          // Without a qualifier a multivalued key never matches.
          for (const [label, state] of f.multi.states) {
            out.push(
              conditionCase(family, `${operator}${suffix}`, f.multi.key, value, label, state, 'Allow'),
            );
          }
        }
        for (const qualifier of qualified.length > 0 ? ['ForAllValues:', 'ForAnyValue:'] : []) {
          for (const [label, state] of qualified) {
            if (qualifier === 'ForAnyValue:' && ifExists && state === undefined) continue; // see header
            const key = f.multi && f.multi.states.some(([l]) => l === label) ? f.multi.key : f.single.key;
            out.push(
              conditionCase(family, `${qualifier}${operator}${suffix}`, key, value, label, state, 'Allow'),
            );
          }
        }
      }
    }
  }
  return out;
}

function nullAndLogicCases(): Case[] {
  const out: Case[] = [];
  const states: ReadonlyArray<readonly [string, Record<string, ContextValue>]> = [
    ['none', {}],
    ['team', { 'aws:PrincipalTag/team': 'ml' }],
    ['tagkeys', { 'aws:TagKeys': ['ml'] }],
    ['both', { 'aws:PrincipalTag/team': 'ml', 'aws:TagKeys': ['ml', 'ops'] }],
  ];
  const conditions: ReadonlyArray<readonly [string, PolicyStatement['Condition']]> = [
    ['Null team true', { Null: { 'aws:PrincipalTag/team': 'true' } }],
    ['Null team false', { Null: { 'aws:PrincipalTag/team': false } }],
    ['Null tagkeys true', { Null: { 'aws:TagKeys': true } }],
    ['Null both false', { Null: { 'aws:PrincipalTag/team': 'false', 'aws:TagKeys': 'false' } }],
    [
      'two keys AND',
      {
        StringEquals: { 'aws:PrincipalTag/team': 'ml' },
        'ForAnyValue:StringEquals': { 'aws:TagKeys': 'ops' },
      },
    ],
    [
      'two keys one operator',
      { 'ForAllValues:StringLike': { 'aws:PrincipalTag/team': 'm*', 'aws:TagKeys': ['ml', 'o*'] } },
    ],
    ['NOR values', { StringNotEquals: { 'aws:PrincipalTag/team': ['ops', 'ml'] } }],
    [
      'Null and equals',
      { Null: { 'aws:TagKeys': 'false' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['ml', 'dev'] } },
    ],
    // Keys the evaluator fills from a role session (the simulator gets them from the adapter instead).
    ['principal ARN is the role', { ArnEquals: { 'aws:PrincipalArn': ROLE } }],
    ['principal ARN is not the session', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:sts::*' } }],
    [
      'principal account and type',
      { StringEquals: { 'aws:PrincipalAccount': A, 'aws:PrincipalType': 'AssumedRole' } },
    ],
    ['principal is not a service', { Bool: { 'aws:PrincipalIsAWSService': 'false' } }],
  ];
  for (const [cname, condition] of conditions) {
    for (const [sname, context] of states) {
      for (const effect of ['Allow', 'Deny']) {
        const policies =
          effect === 'Allow'
            ? { identity: [named('Identity', allow({ Condition: condition }))] }
            : { identity: [named('Identity', allow(), deny({ Condition: condition }))] };
        out.push({
          family: 'condition:logic',
          name: `${effect} ${cname} with ${sname}`,
          request: getObject(sessionA, context),
          policies,
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Actions and resources
// ---------------------------------------------------------------------------------------------------

function actionCases(): Case[] {
  const out: Case[] = [];
  const patterns = [
    's3:GetObject',
    's3:get*',
    'S3:GETOBJECT',
    's3:Get?bject',
    's3:*',
    '*',
    's3:Put*',
    'ec2:*',
    's3:*Object',
    's3:Get*Acl',
    's3:List*',
  ];
  const requests: ReadonlyArray<readonly [string, string]> = [
    ['s3:GetObject', OBJECT],
    ['s3:GetObjectAcl', OBJECT],
    ['s3:PutObject', OBJECT],
    ['s3:ListBucket', 'arn:aws:s3:::data-bucket'],
  ];
  for (const pattern of patterns) {
    for (const [action, resource] of requests) {
      for (const element of ['Action', 'NotAction'] as const) {
        const statement: PolicyStatement = { Effect: 'Allow', [element]: pattern, Resource: '*' };
        out.push({
          family: 'action',
          name: `Allow ${element} ${pattern} for ${action}`,
          request: { ...getObject(sessionA), action, resource },
          policies: { identity: [named('Identity', statement)] },
        });
      }
      out.push({
        family: 'action',
        name: `Deny NotAction ${pattern} for ${action}`,
        request: { ...getObject(sessionA), action, resource },
        policies: {
          identity: [
            named('Identity', allow({ Action: '*' }), { Effect: 'Deny', NotAction: pattern, Resource: '*' }),
          ],
        },
      });
    }
  }
  return out;
}

function resourceCases(): Case[] {
  const out: Case[] = [];
  const s3Patterns = [
    '*',
    'arn:aws:s3:::data-bucket/*',
    'arn:aws:s3:::data-bucket/reports/*',
    'arn:aws:s3:::data-bucket/*/q1.csv',
    'arn:aws:s3:::data-bucket/reports/202?/*',
    'arn:aws:s3:::data-*',
    'arn:aws:s3:::*',
    'arn:*:s3:::data-bucket/*',
    'arn:aws:s3:::Data-Bucket/*',
    'arn:aws:s3:::data-bucket',
    'arn:aws:s3:::other-bucket/*',
    'arn:aws:s3:::data-bucket/*.csv',
  ];
  const objects = [OBJECT, 'arn:aws:s3:::data-bucket/a:b/c.csv', 'arn:aws:s3:::other-bucket/x'];
  for (const pattern of s3Patterns) {
    for (const resource of objects) {
      for (const element of ['Resource', 'NotResource'] as const) {
        out.push({
          family: 'resource',
          name: `Allow ${element} ${pattern} for ${resource}`,
          request: { ...getObject(sessionA), resource },
          policies: {
            identity: [named('Identity', { Effect: 'Allow', Action: 's3:GetObject', [element]: pattern })],
          },
        });
      }
      out.push({
        family: 'resource',
        name: `Deny Resource ${pattern} for ${resource}`,
        request: { ...getObject(sessionA), resource },
        policies: { identity: [named('Identity', allow(), deny({ Resource: pattern }))] },
      });
    }
  }
  const sqsPatterns = [
    `arn:aws:sqs:*:${A}:*`,
    'arn:aws:sqs:us-east-1:*:job?',
    `arn:aws:sqs:us-*:${A}:jobs`,
    `arn:aws:sqs:us-east-1:${B}:jobs`,
    `arn:aws:sqs:eu-*:${A}:jobs`,
    `arn:aws:sqs:us-east-1:${A}:jobs*`,
  ];
  for (const pattern of sqsPatterns) {
    for (const element of ['Resource', 'NotResource'] as const) {
      out.push({
        family: 'resource',
        name: `Allow ${element} ${pattern} for the queue`,
        request: { ...getObject(sessionA), action: 'sqs:SendMessage', resource: QUEUE },
        policies: { identity: [named('Identity', { Effect: 'Allow', Action: 'sqs:*', [element]: pattern })] },
      });
    }
  }
  return out;
}

function variableCases(): Case[] {
  const alice: RequestPrincipal = { ...userA, tags: { team: 'ml', project: 'ml' } };
  const cases: ReadonlyArray<readonly [string, RequestPrincipal, string, PolicyStatement]> = [
    [
      'username own prefix',
      alice,
      'arn:aws:s3:::data-bucket/home/alice/x',
      allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' }),
    ],
    [
      'username other prefix',
      alice,
      'arn:aws:s3:::data-bucket/home/bob/x',
      allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}/*' }),
    ],
    [
      'username for a role (unresolvable)',
      sessionA,
      'arn:aws:s3:::data-bucket/home/x',
      allow({ Resource: 'arn:aws:s3:::data-bucket/home/${aws:username}*' }),
    ],
    [
      'principal tag',
      alice,
      'arn:aws:s3:::data-bucket/ml/x',
      allow({ Resource: 'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*' }),
    ],
    [
      'principal tag mismatch',
      alice,
      'arn:aws:s3:::data-bucket/ops/x',
      allow({ Resource: 'arn:aws:s3:::data-bucket/${aws:PrincipalTag/team}/*' }),
    ],
    [
      'default value',
      alice,
      'arn:aws:s3:::data-bucket/shared/x',
      allow({ Resource: "arn:aws:s3:::data-bucket/${aws:PrincipalTag/missing, 'shared'}/*" }),
    ],
    [
      'default unused',
      alice,
      'arn:aws:s3:::data-bucket/ml/x',
      allow({ Resource: "arn:aws:s3:::data-bucket/${aws:PrincipalTag/team, 'shared'}/*" }),
    ],
    [
      'literal star vs other',
      alice,
      'arn:aws:s3:::data-bucket/xstar',
      allow({ Resource: 'arn:aws:s3:::data-bucket/${*}star' }),
    ],
    [
      'literal ? and $',
      alice,
      'arn:aws:s3:::data-bucket/a?$b',
      allow({ Resource: 'arn:aws:s3:::data-bucket/a${?}${$}b' }),
    ],
    [
      'condition tag equals tag',
      alice,
      OBJECT,
      allow({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/project}' } } }),
    ],
    [
      'condition like username',
      alice,
      OBJECT,
      allow({ Condition: { StringLike: { 'aws:PrincipalArn': '*/${aws:username}' } } }),
    ],
    [
      'condition arn resource part',
      alice,
      OBJECT,
      allow({ Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/${aws:username}' } } }),
    ],
    [
      'condition unresolvable positive',
      sessionA,
      OBJECT,
      allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:username}' } } }),
    ],
  ];
  return cases.map(([name, principal, resource, statement]) => ({
    family: 'variables',
    name,
    request: { ...getObject(principal), resource },
    policies: { identity: [named('Identity', statement)] },
  }));
}

// ---------------------------------------------------------------------------------------------------
// Principals and policy types
// ---------------------------------------------------------------------------------------------------

function principalCases(): Case[] {
  const out: Case[] = [];
  const forms: ReadonlyArray<readonly [string, PolicyStatement['Principal']]> = [
    ['"*"', '*'],
    ['AWS *', { AWS: '*' }],
    ['account A', { AWS: A }],
    ['root A', { AWS: ROOT_A }],
    ['role', { AWS: ROLE }],
    ['session', { AWS: SESSION }],
    ['user', { AWS: USER }],
    ['account B', { AWS: B }],
    ['root B', { AWS: ROOT_B }],
    ['role B', { AWS: B_ROLE }],
    ['session B', { AWS: B_SESSION }],
    ['role and user', { AWS: [ROLE, USER] }],
  ];
  const principals: ReadonlyArray<readonly [string, RequestPrincipal]> = [
    ['session A', sessionA],
    ['user A', userA],
    ['role A', roleA],
    ['session B', sessionB],
  ];
  const boundaries: ReadonlyArray<readonly [string, Named | undefined]> = [
    ['no boundary', undefined],
    ['boundary silent', named('Boundary', allow({ Action: 'ec2:*' }))],
  ];
  for (const [fname, form] of forms) {
    for (const [pname, principal] of principals) {
      for (const identityAllows of [false, true]) {
        for (const [bname, boundary] of boundaries) {
          const wildcard =
            form === '*' ||
            (typeof form === 'object' && form !== null && (form as { AWS?: unknown }).AWS === '*');
          if (wildcard && bname === 'boundary silent') continue; // see header
          out.push({
            family: 'principal',
            name: `bucket Allow to ${fname}, ${pname}, identity ${identityAllows ? 'allows' : 'silent'}, ${bname}`,
            request: getObject(principal),
            policies: {
              resource: named(
                'BucketPolicy',
                allow({ Principal: form, Resource: 'arn:aws:s3:::data-bucket/*' }),
              ),
              ...(identityAllows ? { identity: [named('Identity', allow())] } : {}),
              ...(boundary ? { boundary } : {}),
            },
          });
        }
      }
      out.push({
        family: 'principal',
        name: `bucket Deny to ${fname}, ${pname}`,
        request: getObject(principal),
        policies: {
          identity: [named('Identity', allow())],
          resource: named(
            'BucketPolicy',
            allow({ Principal: { AWS: [B, ROOT_A] } }),
            deny({ Principal: form }),
          ),
        },
      });
    }
  }
  return out;
}

function notPrincipalCases(): Case[] {
  const out: Case[] = [];
  const lists: ReadonlyArray<readonly [string, PolicyStatement['NotPrincipal'], RequestPrincipal]> = [
    ['other account and role', { AWS: [B, B_ROLE] }, sessionA],
    ['account and role', { AWS: [ROOT_A, ROLE] }, sessionA],
    ['account and session', { AWS: [A, SESSION] }, sessionA],
    ['account, role and session', { AWS: [ROOT_A, ROLE, SESSION] }, sessionA],
    ['account and user', { AWS: [ROOT_A, USER] }, userA],
    ['other user and account B', { AWS: [B, `arn:aws:iam::${B}:user/bob`] }, userA],
    ['B account and role for session B', { AWS: [ROOT_B, B_ROLE] }, sessionB],
    ['A only things for session B', { AWS: [ROOT_A, ROLE] }, sessionB],
  ];
  for (const [name, notPrincipal, principal] of lists) {
    for (const withBoundary of [false, true]) {
      out.push({
        family: 'notprincipal',
        name: `Deny NotPrincipal ${name}${withBoundary ? ' with a boundary' : ''}`,
        request: getObject(principal),
        policies: {
          identity: [named('Identity', allow())],
          resource: named(
            'BucketPolicy',
            allow({ Principal: { AWS: [A, B] } }),
            deny({ NotPrincipal: notPrincipal }),
          ),
          ...(withBoundary ? { boundary: named('Boundary', allow({ Action: '*' })) } : {}),
        },
      });
    }
  }
  return out;
}

function guardrailCases(): Case[] {
  const out: Case[] = [];
  const full = named('FullAWSAccess', allow({ Action: '*' }));
  const scpSets: ReadonlyArray<readonly [string, Named[][] | undefined]> = [
    ['no SCPs', undefined],
    ['full at both levels', [[full], [full]]],
    ['deny reads at account', [[full], [full, named('NoRead', deny({ Action: 's3:Get*' }))]]],
    ['ec2 only at account', [[full], [named('Ec2', allow({ Action: 'ec2:*' }))]]],
    ['nothing at account', [[full], []]],
    ['s3 then get', [[named('S3', allow({ Action: 's3:*' }))], [named('Get', allow({ Action: 's3:Get*' }))]]],
    [
      'deny outside region',
      [
        [
          full,
          named(
            'Region',
            deny({ Action: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
          ),
        ],
      ],
    ],
  ];
  const rcpSets: ReadonlyArray<readonly [string, Named[][] | undefined]> = [
    ['no RCPs', undefined],
    [
      'org only',
      [
        [
          named(
            'OrgOnly',
            deny({
              Principal: '*',
              Action: 's3:*',
              Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': A } },
            }),
          ),
        ],
      ],
    ],
    [
      'TLS only',
      [
        [],
        [
          named(
            'Tls',
            deny({
              Principal: '*',
              Action: 's3:*',
              Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
            }),
          ),
        ],
      ],
    ],
  ];
  const endpoints: ReadonlyArray<readonly [string, Named | undefined]> = [
    ['no endpoint', undefined],
    ['endpoint allows all', named('Endpoint', allow({ Principal: '*', Action: '*' }))],
    ['endpoint other bucket', named('Endpoint', allow({ Principal: '*', Resource: 'arn:aws:s3:::other/*' }))],
    [
      'endpoint denies get',
      named('Endpoint', allow({ Principal: '*', Action: '*' }), deny({ Principal: '*' })),
    ],
    [
      'endpoint org condition',
      named(
        'Endpoint',
        allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }),
      ),
    ],
  ];
  const principals: ReadonlyArray<readonly [string, RequestPrincipal, Record<string, ContextValue>]> = [
    ['session A', sessionA, { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'true' }],
    ['user A over HTTP', userA, { 'aws:RequestedRegion': 'us-east-1', 'aws:SecureTransport': 'false' }],
    ['session B in eu', sessionB, { 'aws:RequestedRegion': 'eu-west-1', 'aws:SecureTransport': 'true' }],
  ];
  const bucket = named('BucketPolicy', allow({ Principal: { AWS: [B] } }));
  for (const [pname, principal, context] of principals) {
    for (const [sname, scps] of scpSets) {
      out.push({
        family: 'guardrails',
        name: `${pname}, ${sname}`,
        request: getObject(principal, context),
        policies: { identity: [named('Identity', allow())], resource: bucket, ...(scps ? { scps } : {}) },
      });
    }
    for (const [rname, rcps] of rcpSets) {
      for (const [ename, endpoint] of endpoints) {
        out.push({
          family: 'guardrails',
          name: `${pname}, ${rname}, ${ename}`,
          request: getObject(principal, context),
          policies: {
            identity: [named('Identity', allow())],
            resource: bucket,
            ...(rcps ? { rcps } : {}),
            ...(endpoint ? { endpoint } : {}),
          },
        });
      }
    }
  }
  const sessions: ReadonlyArray<readonly [string, Named]> = [
    ['session allows', named('Session', allow())],
    ['session silent', named('Session', allow({ Action: 'ec2:*' }))],
    ['session denies', named('Session', allow({ Action: '*' }), deny())],
  ];
  for (const [sname, session] of sessions) {
    for (const [iname, identity] of [
      ['identity allows', [named('Identity', allow())]],
      ['identity silent', []],
    ] as const) {
      for (const [rname, resource] of [
        ['no bucket policy', undefined],
        ['bucket names role', named('BucketPolicy', allow({ Principal: { AWS: ROLE } }))],
        ['bucket names account', named('BucketPolicy', allow({ Principal: { AWS: A } }))],
      ] as const) {
        out.push({
          family: 'session',
          name: `${sname}, ${iname}, ${rname}`,
          request: getObject(sessionA),
          policies: { session, identity: [...identity], ...(resource ? { resource } : {}) },
        });
      }
    }
  }
  return out;
}

function kmsCases(): Case[] {
  const out: Case[] = [];
  const keyPolicies: ReadonlyArray<readonly [string, Named | undefined]> = [
    ['no key policy', undefined],
    ['root A', named('KeyPolicy', allow({ Principal: { AWS: ROOT_A }, Action: 'kms:*' }))],
    ['account A id', named('KeyPolicy', allow({ Principal: { AWS: A }, Action: 'kms:*' }))],
    ['role', named('KeyPolicy', allow({ Principal: { AWS: ROLE }, Action: ['kms:Decrypt', 'kms:Encrypt'] }))],
    ['session', named('KeyPolicy', allow({ Principal: { AWS: SESSION }, Action: 'kms:Decrypt' }))],
    [
      'other role',
      named('KeyPolicy', allow({ Principal: { AWS: `arn:aws:iam::${A}:role/admin` }, Action: 'kms:*' })),
    ],
    ['root B', named('KeyPolicy', allow({ Principal: { AWS: ROOT_B }, Action: 'kms:Decrypt' }))],
    ['role B', named('KeyPolicy', allow({ Principal: { AWS: B_ROLE }, Action: 'kms:Decrypt' }))],
    [
      'star with account condition',
      named(
        'KeyPolicy',
        allow({
          Principal: '*',
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'aws:PrincipalAccount': A } },
        }),
      ),
    ],
    [
      'root A and deny role',
      named(
        'KeyPolicy',
        allow({ Principal: { AWS: ROOT_A }, Action: 'kms:*' }),
        deny({ Principal: { AWS: ROLE }, Action: 'kms:Decrypt' }),
      ),
    ],
  ];
  for (const [kname, keyPolicy] of keyPolicies) {
    for (const [pname, principal] of [
      ['session A', sessionA],
      ['session B', sessionB],
      ['user A', userA],
    ] as const) {
      for (const identityAllows of [false, true]) {
        out.push({
          family: 'kms',
          name: `key policy ${kname}, ${pname}, identity ${identityAllows ? 'allows' : 'silent'}`,
          request: { principal, action: 'kms:Decrypt', resource: KEY, context: {} },
          policies: {
            ...(keyPolicy ? { resource: keyPolicy } : {}),
            ...(identityAllows ? { identity: [named('Identity', allow({ Action: 'kms:Decrypt' }))] } : {}),
          },
          kind: 'kms-key',
        });
      }
    }
  }
  return out;
}

function trustCases(): Case[] {
  const out: Case[] = [];
  const trust = (principal: PolicyStatement['Principal'], extra: PolicyStatement = {}) =>
    named('Trust', { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });
  const trusts: ReadonlyArray<readonly [string, Named]> = [
    ['root A', trust({ AWS: ROOT_A })],
    ['role', trust({ AWS: ROLE })],
    ['account B', trust({ AWS: B })],
    ['role B', trust({ AWS: B_ROLE })],
    ['service', trust({ Service: 'sagemaker.amazonaws.com' })],
    [
      'star with org condition',
      trust('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': [A, B] } } }),
    ],
    [
      'root A with tag condition',
      trust({ AWS: ROOT_A }, { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ml' } } }),
    ],
  ];
  const principals: ReadonlyArray<readonly [string, RequestPrincipal]> = [
    ['session A', { ...sessionA, tags: { team: 'ml' } }],
    ['session B', sessionB],
    ['sagemaker', service('sagemaker.amazonaws.com')],
  ];
  for (const [tname, t] of trusts) {
    for (const [pname, principal] of principals) {
      for (const identityAllows of principal.type === 'service' ? [false] : [false, true]) {
        out.push({
          family: 'trust',
          name: `trust ${tname}, ${pname}, identity ${identityAllows ? 'allows' : 'silent'}`,
          request: { principal, action: 'sts:AssumeRole', resource: TARGET_ROLE, context: {} },
          policies: {
            resource: t,
            ...(identityAllows
              ? { identity: [named('Identity', allow({ Action: 'sts:AssumeRole', Resource: TARGET_ROLE }))] }
              : {}),
          },
          kind: 'role-trust',
        });
      }
    }
  }
  return out;
}

function serviceAndAnonymousCases(): Case[] {
  const out: Case[] = [];
  const queuePolicies: ReadonlyArray<readonly [string, Named]> = [
    [
      'names sns with source arn',
      named(
        'Queue',
        allow({
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic-a` } },
        }),
      ),
    ],
    [
      'names events',
      named('Queue', allow({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' })),
    ],
    [
      'names sns, denies other accounts',
      named(
        'Queue',
        allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:*' }),
        deny({ Principal: '*', Action: 'sqs:*', Condition: { StringNotEquals: { 'aws:SourceAccount': A } } }),
      ),
    ],
    ['star', named('Queue', allow({ Principal: '*', Action: 'sqs:SendMessage' }))],
  ];
  for (const [qname, queue] of queuePolicies) {
    for (const [cname, context] of [
      ['own topic', { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic-a`, 'aws:SourceAccount': A }],
      ['foreign topic', { 'aws:SourceArn': `arn:aws:sns:us-east-1:${B}:topic-a`, 'aws:SourceAccount': B }],
    ] as const) {
      out.push({
        family: 'service',
        name: `sns to queue that ${qname}, ${cname}`,
        request: {
          principal: service('sns.amazonaws.com'),
          action: 'sqs:SendMessage',
          resource: QUEUE,
          resourceAccount: A,
          context,
        },
        policies: { resource: queue },
      });
    }
  }
  const bucketPolicies: ReadonlyArray<readonly [string, Named | undefined]> = [
    ['no bucket policy', undefined],
    ['"*"', named('BucketPolicy', allow({ Principal: '*' }))],
    ['AWS *', named('BucketPolicy', allow({ Principal: { AWS: '*' } }))],
    ['account A', named('BucketPolicy', allow({ Principal: { AWS: A } }))],
    [
      '"*" unless TLS',
      named(
        'BucketPolicy',
        allow({ Principal: '*' }),
        deny({ Principal: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ),
    ],
    [
      '"*" with IP condition',
      named(
        'BucketPolicy',
        allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      ),
    ],
  ];
  for (const [bname, bucket] of bucketPolicies) {
    for (const [cname, context] of [
      ['TLS from inside', { 'aws:SecureTransport': 'true', 'aws:SourceIp': '203.0.113.9' }],
      ['HTTP from outside', { 'aws:SecureTransport': 'false', 'aws:SourceIp': '198.51.100.9' }],
    ] as const) {
      out.push({
        family: 'anonymous',
        name: `anonymous, bucket ${bname}, ${cname}`,
        request: getObject(anonymous, context),
        policies: bucket ? { resource: bucket } : {},
      });
    }
  }
  return out;
}

export function buildCorpus(): Case[] {
  return [
    ...conditionCases(),
    ...nullAndLogicCases(),
    ...actionCases(),
    ...resourceCases(),
    ...variableCases(),
    ...principalCases(),
    ...notPrincipalCases(),
    ...guardrailCases(),
    ...kmsCases(),
    ...trustCases(),
    ...serviceAndAnonymousCases(),
  ];
}
