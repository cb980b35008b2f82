/** Which holders of identity policies can start SageMaker jobs (shared by the launcher rules). */
import { CfnResource } from 'aws-cdk-lib';
import { jobNamePrefix } from '../../../contract';
import { Named } from '../../iam';
import { ask } from '../../access/ask';
import { allowOnly } from '../../access/documents';
import { Holder, Inventory } from '../../access/inventory';
import { JOB_ACTIONS, JobParts, jobArn, jobParts, validContext } from '../../access/jobs';
import { PROBE } from '../../access/s3';
import { JOB_COMPUTE } from './compute-actions';

export interface Launcher {
  readonly holder: Holder;
  /** The training and processing job actions its grants allow (whatever its Deny statements then refuse). */
  readonly actions: readonly string[];
  /** Other SageMaker compute its grants allow (tuning, transform, AutoML, notebooks, pipelines ...). */
  readonly otherCompute: readonly string[];
  readonly parts: JobParts;
}

/** The policies a holder's grants come from, without the ones the templates do not hold. */
function grants(identity: readonly Named[]): Named[] {
  return identity.map((n) => ({ name: n.name, document: allowOnly(n.document) }));
}

/**
 * Holders carried by this node whose own grants let them create training or processing jobs, or any
 * other SageMaker compute that runs code as a role it is handed (JOB_COMPUTE), in the project's name
 * space or any other: each is a launcher, held to the same guardrails and fence.
 */
export function launchersOf(node: CfnResource): Launcher[] {
  const inv = Inventory.of(node);
  const r = inv.get(node);
  const out: Launcher[] = [];
  for (const holder of inv.holders().filter((h) => h.carrier === r)) {
    const docs = holder.caller.identity;
    const parts = jobParts(inv, r, docs);
    const caller = { ...holder.caller, identity: grants(docs), boundary: undefined };
    const actions = JOB_ACTIONS.filter(
      (action) =>
        ask({ caller, action, resource: jobArn(parts, action), context: validContext(parts) }).decision ===
        'Allow',
    );
    const otherCompute = JOB_COMPUTE.filter(([action, type]) =>
      [`${jobNamePrefix(parts.project)}${PROBE}`, PROBE].some(
        (name) =>
          ask({
            caller,
            action,
            resource: `arn:aws:sagemaker:${parts.region}:${parts.account}:${type}/${name}`,
            context: validContext(parts),
          }).decision === 'Allow',
      ),
    ).map(([action]) => action);
    if (actions.length > 0 || otherCompute.length > 0) out.push({ holder, actions, otherCompute, parts });
  }
  return out;
}
