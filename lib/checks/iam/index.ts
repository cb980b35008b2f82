/**
 * IAM policy evaluator: what would AWS decide for this request under these policies? Pure TypeScript.
 *
 * evaluate(request, policies, options?) → { decision, certain, matched }
 * - request: { principal: { arn, account, type, tags? }, action, resource, resourceAccount?, context? }
 * - policies: { identity?, resource?, boundary?, session?, scps?, rcps?, endpoint? } of { name, document }
 * - options.kind: 'default' | 'kms-key' | 'role-trust'; options.isUnknown: extra test for unresolved values
 * - decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny', the most permissive the unknowns allow;
 *   certain: every resolution of unknowns agrees; matched: { policy, sid?, effect, index, certain }[].
 * isAllowed(r) / isDenied(r): certainly allowed / certainly denied. unknownValue(text) marks an
 * unresolved value ({{unknown:text}}). The rules implemented are stated in each file's header.
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
