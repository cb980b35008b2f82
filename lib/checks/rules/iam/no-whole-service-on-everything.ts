/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
/**
 * Isolation-IAM1: no identity policy grants a whole service on every resource, as AWS would decide it.
 *
 * For each policy a resource carries (its Allow statements, with their conditions set aside: a
 * condition does not make such a grant acceptable), and for each service its Action or NotAction
 * reaches (every service for `*` and NotAction): an action of that service the policy does not name
 * (`<service>:IsotrainCheckUnlistedAction`) on `*` and on a resource of that service nobody named must
 * be denied. If it is allowed, the policy grants the whole service on everything.
 */
import { CfnResource } from 'aws-cdk-lib';
import { stringList } from '../../iam/tokens';
import { Named } from '../../iam';
import { ask, mayGrant } from '../../access/ask';
import { allowOnly, statementList } from '../../access/documents';
import { Findings } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { policyHolder } from '../../access/callers';
import { Json } from '../../cfn';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { IDENTITY_POLICY_TYPES } from './identity-statements';
import { ownDocuments } from './own-documents';

/** Services every wildcard grant is asked about, besides those the policy names. */
const SERVICES = ['s3', 'kms', 'sagemaker', 'iam', 'sts', 'ec2', 'logs', 'lambda', 'ssm'];

function withoutConditions(n: Named): Named {
  const statements = statementList(allowOnly(n.document)).map((s: Json) => {
    if (!s || typeof s !== 'object') return s;
    const rest: Json = { ...s };
    delete rest.Condition;
    return rest;
  });
  return { name: n.name, document: { ...n.document, Statement: statements } };
}

function servicesReached(doc: Named): string[] {
  const out = new Set<string>();
  for (const s of statementList(doc.document)) {
    if (s?.NotAction !== undefined) SERVICES.forEach((x) => out.add(x));
    for (const a of stringList(s?.Action)) {
      if (a === '*') SERVICES.forEach((x) => out.add(x));
      else if (a.includes(':') && !a.includes('{{unknown:')) out.add(a.split(':')[0].toLowerCase());
    }
  }
  return [...out];
}

export const NoWholeServiceOnEverything: IsolationRule = {
  id: 'IAM1',
  control: 11,
  types: IDENTITY_POLICY_TYPES,
  info: 'The policy allows a whole service (every action of it, or every action but some) on every resource.',
  explanation:
    'Evaluated as AWS would decide, conditions set aside: an action of the service the policy does not ' +
    'name, on a resource nobody named, is allowed. sagemaker:*, s3:*, kms:*, *, or a NotAction on * or on ' +
    'arn:aws:s3:::* lets the holder reach any bucket, key or job in the account, including ways to copy ' +
    'data out. Name the actions the principal needs and the resources it needs them on (prefer grantXxx ' +
    'methods); a condition does not make it acceptable.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const docs = ownDocuments(inv, r).map(withoutConditions);
    if (docs.length === 0) return NOT_APPLICABLE;
    const account = inv.symbols.account(r);
    const region = inv.symbols.region(r);
    const caller = policyHolder(account, docs);
    const f = new Findings();
    for (const doc of docs) {
      for (const service of servicesReached(doc)) {
        const probe =
          service === 's3'
            ? `arn:aws:s3:::${PROBE}-any-bucket/${PROBE}`
            : `arn:aws:${service}:${region}:${account}:${PROBE}/${PROBE}`;
        const action = `${service}:IsotrainCheckUnlistedAction`;
        if (!mayGrant([doc], action)) continue;
        const on = ['*', probe].find(
          (resource) =>
            ask({ caller: { ...caller, identity: [doc] }, action, resource, resourceAccount: account })
              .decision === 'Allow',
        );
        if (on)
          f.add(
            `${doc.name} allows every ${service} action on ${on === '*' ? '*' : `every ${service} resource`}`,
          );
      }
    }
    return f.result();
  },
};
