/**
 * Isolation-IAM3: iam:PassRole hands only the app's roles, and only to SageMaker, as AWS would decide
 * it from the policy itself.
 *
 * Must be denied by the policies a resource carries: passing a role the templates do not define to
 * SageMaker, and passing any role of the templates to another service (EC2, Lambda) or without saying
 * to which service (no iam:PassedToService).
 */
import { CfnResource } from 'aws-cdk-lib';
import { ContextValue, Named, isDenied } from '../../iam';
import { ask, mayGrant } from '../../access/ask';
import { Findings, uncertainty } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { PROBE, conditionValues } from '../../access/s3';
import { policyHolder } from '../../access/callers';
import { COMPLIANT, IsolationRule, NOT_APPLICABLE } from '../../rule';
import { IDENTITY_POLICY_TYPES } from './identity-statements';
import { ownDocuments } from './own-documents';

const SAGEMAKER = 'sagemaker.amazonaws.com';
/**
 * Services a role is asked about being passed to: compute anyone can point at any code (EC2, Lambda),
 * a service nobody names (a list of allowed services is an allowlist only if it names SageMaker
 * alone), and every other service the policy itself names (a second entry in iam:PassedToService,
 * however spelled: Glue, CodeBuild, Step Functions ... run what their caller configures).
 */
const OTHER_SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'isotrain-check.amazonaws.com'];

/**
 * Services other than SageMaker that the policy names: every `<name>.amazonaws.com` it holds, and each
 * iam:PassedToService value it tests with its wildcards filled in (`ecs-tasks.*`).
 */
function servicesNamedIn(docs: readonly Named[]): string[] {
  const text = docs.map((d) => JSON.stringify(d.document)).join('\n');
  const named = text.match(/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?/gi) ?? [];
  const patterns = conditionValues(docs, 'iam:PassedToService').map((v) =>
    v.replace(/\*/g, 'isotrain-check').replace(/\?/g, 'x'),
  );
  return [...new Set([...named, ...patterns].map((v) => v.toLowerCase()))].filter((v) => v !== SAGEMAKER);
}

export const PassRoleScoped: IsolationRule = {
  id: 'IAM3',
  control: 11,
  types: IDENTITY_POLICY_TYPES,
  info: 'iam:PassRole is allowed on a role the app does not define, or to another service than SageMaker.',
  explanation:
    'Evaluated as AWS would decide from the policy itself: passing a role the templates do not define ' +
    '(one with more data access, or none of the guardrails) and passing any role to another service than ' +
    'SageMaker (an EC2 instance profile, a Lambda function, a Glue or CodeBuild job, any service the policy ' +
    'names besides SageMaker: compute outside the guardrails) must be denied. ' +
    'Name the training role ARN(s) and add Condition StringEquals iam:PassedToService sagemaker.amazonaws.com.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const docs = ownDocuments(inv, r);
    if (docs.length === 0) return NOT_APPLICABLE;
    if (!mayGrant(docs, 'iam:PassRole')) return COMPLIANT;
    const account = inv.symbols.account(r);
    const caller = policyHolder(account, docs);
    // The app's roles, and every role the policy names by ARN.
    const roles = new Map<string, string>(
      inv.model.ofType('AWS::IAM::Role').map((role) => [role.logicalId, inv.symbols.attribute(role, 'Arn')]),
    );
    for (const d of docs) {
      for (const v of JSON.stringify(d.document).match(/arn:[^:"]+:iam::[^:"]*:role\/[^"*?]+(?=")/g) ?? []) {
        if (![...roles.values()].includes(v)) roles.set(v, v);
      }
    }
    const requests: { role: string; label: string; context: Record<string, ContextValue> }[] = [
      {
        role: `arn:aws:iam::${account}:role/${PROBE}-not-in-the-app`,
        label: `a role the app does not define to ${SAGEMAKER}`,
        context: { 'iam:PassedToService': SAGEMAKER },
      },
      ...[...roles].flatMap(([name, arn]) => [
        { role: arn, label: `${name} without iam:PassedToService`, context: {} },
        ...[...new Set([...OTHER_SERVICES, ...servicesNamedIn(docs)])].map((s) => ({
          role: arn,
          label: `${name} to ${s}`,
          context: { 'iam:PassedToService': s },
        })),
      ]),
    ];
    const f = new Findings();
    for (const q of requests) {
      const result = ask({ caller, action: 'iam:PassRole', resource: q.role, context: q.context });
      if (!isDenied(result)) f.add(`iam:PassRole of ${q.label} is allowed${uncertainty(result)}`);
    }
    return f.result();
  },
};
