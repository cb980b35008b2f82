/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
/**
 * Isolation-KMS3: a data or artifacts key decrypts only through S3 or SageMaker, for this account,
 * and grants go only to AWS resources, as AWS would decide it (the key policy is authoritative).
 *
 * Must be denied, to every role and user of the templates, an unknown administrator of the account
 * and the account root (each with an administrator identity policy):
 * - kms:Decrypt and kms:ReEncryptFrom called directly, and through any other AWS service than S3 and
 *   SageMaker in the key's region (a sentinel service and every other kms:ViaService the policy names);
 * - kms:CreateGrant without kms:GrantIsForAWSResource, or with it false (a grant to a principal is a
 *   second key policy nobody reviews).
 *
 * And the key material stays in KMS, in the key's region: not imported (Origin EXTERNAL: whoever
 * imported it holds a copy and decrypts any ciphertext offline) nor held by an external key manager
 * (EXTERNAL_KEY_STORE), not multi-Region (MultiRegion: a replica in another region decrypts the same
 * ciphertexts under a policy chosen when it is made), and no AWS::KMS::ReplicaKey of it.
 */
import { CfnResource } from 'aws-cdk-lib';
import { ContextValue, isDenied } from '../../iam';
import { ask, callerClasses } from '../../access/ask';
import { accountRoot, holding, namedPrincipals, unknownAdmin, withClaims } from '../../access/callers';
import { ADMINISTRATOR } from '../../access/documents';
import { Failures, Findings, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { conditionValues } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { ModelResource } from '../../model';
import { KEY_DECRYPT_ACTIONS } from './key-actions';
import { viaService } from './key-requests';

export const DataKeyUse: IsolationRule = {
  id: 'KMS3',
  control: 7,
  types: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  info: 'A data or artifacts key can be used to decrypt other than through S3 or SageMaker in this account, or granted to something other than an AWS resource, or its key material is imported, external, multi-Region or replicated.',
  explanation:
    'Evaluated as AWS would decide: kms:Decrypt and kms:ReEncryptFrom on a key that protects training ' +
    'data or artifacts must be denied to every principal of the account (an administrator included) ' +
    'when called directly or through another service than S3 and SageMaker, and kms:CreateGrant when ' +
    'kms:GrantIsForAWSResource is not true. Otherwise whoever holds kms:Decrypt decrypts copies of the ' +
    'data wherever they are. In the key policy, allow Decrypt and ReEncryptFrom only with StringEquals ' +
    'kms:ViaService [s3.<region>.amazonaws.com, sagemaker.<region>.amazonaws.com] and kms:CallerAccount ' +
    '<account>, and CreateGrant only with Bool kms:GrantIsForAWSResource true (ProjectKeys does this). ' +
    'Let KMS generate the key material (Origin AWS_KMS, the default), in one region (no MultiRegion, no ' +
    'ReplicaKey): imported or externally held material, and replicas, decrypt the same ciphertexts ' +
    'beyond this key policy.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const key = inv.get(node);
    if (key.type === 'AWS::KMS::ReplicaKey') {
      const primary = inv.symbols.deref(key.props.PrimaryKeyArn, key.stack);
      // A replica of a key the templates do not define is judged as an unknown key: KMS2 judges its policy.
      return primary && inv.model.dataKeys().includes(primary)
        ? [
            `a replica of the data key ${primary.logicalId}: its material decrypts the data's ciphertexts in another region, under the replica's own policy`,
          ]
        : NOT_APPLICABLE;
    }
    if (!inv.model.dataKeys().includes(key)) return NOT_APPLICABLE;
    const material = materialProblems(inv, key);
    const policy = inv.keyPolicy(key);
    const account = inv.symbols.account(key);
    const allowed = [viaService(inv, key, 's3'), viaService(inv, key, 'sagemaker')];
    const others = [
      viaService(inv, key, 'ec2'),
      ...conditionValues([policy], 'kms:ViaService').filter((v) => !allowed.includes(v) && !/[*?]/.test(v)),
    ];
    const defined = inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn);
    const callers: Caller[] = withClaims(
      [
        unknownAdmin(account),
        ...inv.callers().map((c) => holding(c, [ADMINISTRATOR])),
        ...namedPrincipals(policy.document, account, defined),
        accountRoot(account),
      ],
      policy.document,
    );
    const requests: { action: string; how: string; context: Record<string, ContextValue> }[] = [
      ...KEY_DECRYPT_ACTIONS.flatMap((action) => [
        { action, how: 'called directly', context: {} },
        ...[...new Set(others)].map((via) => ({
          action,
          how: `via ${via}`,
          context: { 'kms:ViaService': via, 'aws:ViaAWSService': 'true' },
        })),
      ]),
      { action: 'kms:CreateGrant', how: 'for a principal (no kms:GrantIsForAWSResource)', context: {} },
      {
        action: 'kms:CreateGrant',
        how: 'for a principal (kms:GrantIsForAWSResource false)',
        context: { 'kms:GrantIsForAWSResource': 'false' },
      },
    ];
    const resource = inv.symbols.attribute(key, 'Arn');
    const failures = new Failures();
    for (const group of callerClasses(callers, [policy], () => '')) {
      const caller = group[0];
      for (const r of requests) {
        const result = ask({
          caller,
          action: r.action,
          resource,
          context: { 'kms:CallerAccount': account, ...r.context },
          resourcePolicy: policy,
          kind: 'kms-key',
        });
        if (!isDenied(result)) failures.add(`{actions} by ${whoLabel(group)}`, [r.action], r.how, result);
      }
    }
    const f = new Findings();
    material.forEach((m) => f.add(m));
    failures.into(f);
    return f.result();
  },
};

/** Why the key material of a data key may exist beyond this key and its policy. */
function materialProblems(inv: Inventory, key: ModelResource): string[] {
  const out: string[] = [];
  const origin = inv.symbols.resolve(key.props.Origin ?? 'AWS_KMS', key.stack);
  if (!['AWS_KMS', 'AWS_CLOUDHSM'].includes(origin))
    out.push(
      `Origin ${origin}: the key material exists outside KMS, where whoever holds it decrypts the data`,
    );
  const multi = key.props.MultiRegion;
  if (multi !== undefined && inv.symbols.resolve(multi, key.stack).toLowerCase() !== 'false')
    out.push(
      'MultiRegion: a replica in another region decrypts the data under a policy chosen when it is made',
    );
  return out;
}
