/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
/** The identity policy documents a resource itself carries (never a role's trust policy), resolved. */
import { Named } from '../../iam';
import { asArray } from '../../cfn';
import { Inventory } from '../../access/inventory';
import { ModelResource } from '../../model';
import { STANDALONE_POLICY_TYPES } from './identity-statements';

export function ownDocuments(inv: Inventory, r: ModelResource): Named[] {
  if (STANDALONE_POLICY_TYPES.includes(r.type)) {
    const document = inv.document(r, r.props.PolicyDocument, 'PolicyDocument');
    return document ? [{ name: r.logicalId, document }] : [];
  }
  return asArray(r.props.Policies).flatMap((p, i) => {
    const document = inv.document(r, p?.PolicyDocument, `Policies.${i}`);
    return document ? [{ name: `${r.logicalId} inline ${String(p?.PolicyName ?? i)}`, document }] : [];
  });
}
