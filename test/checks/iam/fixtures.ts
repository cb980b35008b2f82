import {
  EvaluateOptions,
  EvaluationResult,
  IamRequest,
  Policies,
  PolicyDocument,
  PolicyStatement,
  RequestPrincipal,
  evaluate,
} from '../../../lib/checks/iam';

export const A = '111111111111';
export const B = '222222222222';
export const ROLE = `arn:aws:iam::${A}:role/app`;
export const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`;
export const USER = `arn:aws:iam::${A}:user/alice`;
export const ROOT_A = `arn:aws:iam::${A}:root`;
export const B_ROLE = `arn:aws:iam::${B}:role/partner`;
export const B_SESSION = `arn:aws:sts::${B}:assumed-role/partner/s9`;
export const ROOT_B = `arn:aws:iam::${B}:root`;
export const OBJECT = 'arn:aws:s3:::data-bucket/reports/2024/q1.csv';
export const BUCKET = 'arn:aws:s3:::data-bucket';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const QUEUE = `arn:aws:sqs:us-east-1:${A}:jobs`;
export const TARGET_ROLE = `arn:aws:iam::${A}:role/target`;

export const sessionA: RequestPrincipal = { arn: SESSION, account: A, type: 'assumed-role' };
export const userA: RequestPrincipal = { arn: USER, account: A, type: 'user' };
export const roleA: RequestPrincipal = { arn: ROLE, account: A, type: 'role' };
export const sessionB: RequestPrincipal = { arn: B_SESSION, account: B, type: 'assumed-role' };
export const rootA: RequestPrincipal = { arn: ROOT_A, account: A, type: 'root' };
export const anonymous: RequestPrincipal = { arn: '*', account: '', type: 'anonymous' };
export const service = (name: string): RequestPrincipal => ({
  arn: name,
  account: '',
  type: 'service',
  service: name,
});

export function doc(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements.length === 1 ? statements[0] : statements };
}

export function allow(s: PolicyStatement = {}): PolicyStatement {
  return { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...s };
}

export function deny(s: PolicyStatement = {}): PolicyStatement {
  return { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', ...s };
}

/** s3:GetObject on OBJECT by a session of role `app` in account A, unless overridden. */
export function getObject(r: Partial<IamRequest> = {}): IamRequest {
  return { principal: sessionA, action: 's3:GetObject', resource: OBJECT, resourceAccount: A, ...r };
}

export const identity = (...statements: PolicyStatement[]): Policies => ({
  identity: [{ name: 'Identity', document: doc(...statements) }],
});

export function run(request: IamRequest, policies: Policies, options?: EvaluateOptions): EvaluationResult {
  return evaluate(request, policies, options);
}

/** The decision, with " (uncertain)" appended when it is not certain: one string to compare in tables. */
export function verdict(request: IamRequest, policies: Policies, options?: EvaluateOptions): string {
  const r = evaluate(request, policies, options);
  return r.certain ? r.decision : `${r.decision} (uncertain)`;
}
