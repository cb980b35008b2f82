/**
 * Isolation-KMS2: whom the key policy lets use or control the key from outside the account, as AWS
 * would decide it (the key policy is authoritative).
 *
 * Must be denied, for every data and control action of the key (and every KMS action the policy
 * names), directly and through each AWS service the policy names (kms:ViaService): principals of
 * another account (as Isolation-S3POL makes them), anonymous callers, and every service principal the
 * policy names working for another account (aws:SourceAccount, aws:SourceArn, kms:CallerAccount and
 * the encryption contexts the policy tests all name that account).
 */
import { CfnResource } from 'aws-cdk-lib';
import { ContextValue, isDenied } from '../../iam';
import { actionsNamed } from '../../access/actions';
import { actionClasses, ask, mayGrant } from '../../access/ask';
import { ANONYMOUS, accountsNamed, otherAccount, outsiders } from '../../access/callers';
import { Failures } from '../../access/findings';
import { Findings } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { conditionValues } from '../../access/s3';
import { servicesFor } from '../../access/services';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { KEY_CONTROL_ACTIONS, KEY_DATA_ACTIONS } from './key-actions';

export const KeyPolicyPrincipals: IsolationRule = {
  id: 'KMS2',
  control: 7,
  // A replica shares its primary's key material: its policy decides over the same ciphertexts.
  types: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  info: 'The key policy lets a principal of another account, an anonymous caller, or a service working for another account use or control the key.',
  explanation:
    'Evaluated as AWS would decide (the key policy is authoritative): every data and control action on ' +
    'the key, directly or through an AWS service, must be denied to principals of other accounts ' +
    '(whatever their own policies allow, in your organization or not), to anonymous callers, and to the ' +
    'service principals the policy names when they work for another account. Whoever may use the key ' +
    'decrypts what it protects, wherever the ciphertext goes. Trust this account (arn:aws:iam::<account>:root) ' +
    'with kms:CallerAccount, and bind service principals with aws:SourceAccount or an encryption context ' +
    'of this account; a condition every caller meets (StringLike aws:PrincipalArn "*") restricts nothing.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const key = inv.get(node);
    const policy = inv.keyPolicy(key);
    if (!policy) return NOT_APPLICABLE;
    const account = inv.symbols.account(key);
    const region = inv.symbols.region(key);
    const other = otherAccount(account);
    const who: { caller: Caller; context: Record<string, ContextValue> }[] = [
      ...[...outsiders(policy.document, account), ANONYMOUS].map((caller) => ({
        caller,
        context: { 'kms:CallerAccount': caller.principal.account },
      })),
      ...[other, ...accountsNamed(policy.document, account)]
        .flatMap((a) => servicesFor(policy.document, a, region))
        .map((s) => ({
          caller: s.caller,
          context: { ...s.context },
        })),
    ];
    // Through every service the policy names, and through one it does not (EC2, for an EBS volume):
    // a request an AWS service makes for a resource carries kms:GrantIsForAWSResource.
    const vias = [
      ...new Set([undefined, ...conditionValues([policy], 'kms:ViaService'), `ec2.${region}.amazonaws.com`]),
    ];
    const actions = [
      ...new Set([...KEY_DATA_ACTIONS, ...KEY_CONTROL_ACTIONS, ...actionsNamed(policy.document, 'kms')]),
    ];
    const resource = inv.symbols.attribute(key, 'Arn');
    const failures = new Failures();
    for (const group of actionClasses(actions, [policy])) {
      // Nobody outside the account is granted what no Allow statement of the policy may match.
      if (!mayGrant([policy], group[0])) continue;
      for (const { caller, context } of who) {
        for (const via of vias) {
          const result = ask({
            caller,
            action: group[0],
            resource,
            context: {
              ...context,
              ...(via
                ? { 'kms:ViaService': via, 'aws:ViaAWSService': 'true', 'kms:GrantIsForAWSResource': 'true' }
                : {}),
            },
            resourcePolicy: policy,
            kind: 'kms-key',
          });
          if (!isDenied(result)) {
            failures.add(`{actions} by ${caller.id}`, group, via ? `via ${via}` : 'called directly', result);
            break;
          }
        }
      }
    }
    const f = new Findings();
    failures.into(f);
    return f.result();
  },
};
