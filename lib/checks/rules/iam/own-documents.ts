/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
/** The identity policy documents a resource itself carries (never a role's trust policy), resolved. */
import { Named } from '../../iam';
import { asArray } from '../../cfn';
import { Inventory } from '../../access/inventory';
import { ModelResource } from '../../model';

export function ownDocuments(inv: Inventory, r: ModelResource): Named[] {
  if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
    const document = inv.document(r, r.props.PolicyDocument, 'PolicyDocument');
    return document ? [{ name: r.logicalId, document }] : [];
  }
  return asArray(r.props.Policies).flatMap((p, i) => {
    const document = inv.document(r, p?.PolicyDocument, `Policies.${i}`);
    return document ? [{ name: `${r.logicalId} inline ${String(p?.PolicyName ?? i)}`, document }] : [];
  });
}
