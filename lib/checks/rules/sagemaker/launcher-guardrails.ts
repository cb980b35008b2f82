/**
 * Isolation-LAUNCH1: the launcher guardrails are present and effective, as AWS would decide it.
 *
 * For every holder whose grants let it create SageMaker training or processing jobs (a role, user or
 * group of the templates, or a customer-managed policy handed out with the deny-only policies
 * published beside it):
 * - must be allowed, with its own policies: the valid request built from the templates' resources
 *   (isolated subnets, training security group, data and artifacts keys, an allowed instance type,
 *   the project tag, network isolation and inter-container encryption on);
 * - must be denied, with its own policies and an administrator policy besides (a launcher holder may
 *   hold anything else; only an explicit Deny holds): for every guardrail of the contract, the valid
 *   request with the guarded flag omitted, and with it false or a foreign value (another subnet,
 *   security group, key, instance type, a runtime over the limit, remote debugging, a file system).
 */
import { CfnResource } from 'aws-cdk-lib';
import { GUARDRAILS } from '../../../contract';
import { isAllowed, isDenied } from '../../iam';
import { ask } from '../../access/ask';
import { ADMINISTRATOR, isUnknownPolicy } from '../../access/documents';
import { Findings, uncertainty } from '../../access/findings';
import { jobArn, validContext, violations } from '../../access/jobs';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { launchersOf } from './launchers';

export const LauncherGuardrails: IsolationRule = {
  id: 'LAUNCH1',
  control: 11,
  types: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: 'A holder of these policies can start a SageMaker job that breaks a launcher guardrail, or cannot start the valid job.',
  explanation:
    'Evaluated as AWS would decide: whoever may create training or processing jobs must be refused, by ' +
    'an explicit Deny whatever else they hold, every job that omits or breaks a guardrail (network ' +
    'isolation, inter-container encryption, the project subnets and training security group, the project ' +
    'volume and output keys, the instance-type allowlist, the runtime limit, no remote debugging, no file ' +
    'systems, the project tag), and still be allowed the valid job built from the project resources. Use ' +
    'one Deny statement per guardrail with null-safe operators (BoolIfExists, Null, ArnNotEqualsIfExists, ' +
    'ForAnyValue:StringNotEquals): Bool lets a request that omits the flag through, and two conditions in ' +
    'one Deny are ANDed (LauncherPolicy writes them from lib/contract/guardrails.ts).',
  check: (node: CfnResource) => {
    const launchers = launchersOf(node);
    if (launchers.length === 0) return NOT_APPLICABLE;
    const f = new Findings();
    for (const { holder, actions, parts } of launchers) {
      const who = holder.caller;
      const anything = { ...who, identity: [...who.identity, ADMINISTRATOR] };
      for (const action of actions) {
        const name = action.split(':')[1];
        const resource = jobArn(parts, action);
        const valid = validContext(parts);
        // What the templates do not hold cannot be relied on to allow: the valid job is judged without it.
        const known = { ...who, identity: who.identity.filter((n) => !isUnknownPolicy(n)) };
        const allowed = ask({ caller: known, action, resource, context: valid });
        if (!isAllowed(allowed)) {
          f.add(`${name}: the valid job of the project is refused to ${who.id}${uncertainty(allowed)}`);
        }
        for (const g of GUARDRAILS.filter((x) => x.actions.includes(action))) {
          for (const v of violations(g, parts, who.identity)) {
            const result = ask({ caller: anything, action, resource, context: { ...valid, ...v.context } });
            if (!isDenied(result))
              f.add(`${name} with ${v.label} is allowed to ${who.id} (${g.sid})${uncertainty(result)}`);
          }
        }
      }
    }
    return f.result();
  },
};
