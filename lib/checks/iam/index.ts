/**
 * IAM policy evaluator: what would AWS decide for this request under these policies?
 *
 *   const r = evaluate(
 *     { principal: { arn, account, type: 'assumed-role' }, action: 's3:GetObject', resource, resourceAccount,
 *       context: { 'aws:SourceVpce': 'vpce-1' } },
 *     { identity: [{ name: 'Role', document }], resource: { name: 'BucketPolicy', document } },
 *     { kind: 'default' /* or 'kms-key', 'role-trust' *\/ });
 *   r.decision            'Allow' | 'ExplicitDeny' | 'ImplicitDeny' (the most permissive possible)
 *   r.certain             false when an unresolved value ({{unknown:...}}, see unknownValue) could change it
 *   r.matched             the statements that applied: { policy, sid, effect, index, certain }
 *   isAllowed(r) / isDenied(r)   certainly allowed / certainly denied; treat anything else as a finding.
 * Pure TypeScript: no AWS SDK, no aws-cdk-lib. The rules it implements are stated in each file's header.
 */
export { evaluate, isAllowed, isDenied } from './evaluate';
export { unknownValue } from './tokens';
export type {
  ContextValue,
  Decision,
  Effect,
  EvaluateOptions,
  EvaluationResult,
  IamRequest,
  MatchedStatement,
  Named,
  Policies,
  PolicyDocument,
  PolicyStatement,
  PrincipalType,
  RequestPrincipal,
  ResourceKind,
} from './types';
