import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AwsClientFactory } from '../aws/clients';
import { withAwsErrors } from '../aws/errors';
import { GovernanceOptions, governanceContext } from '../governance/context';
import { ServingData } from '../governance/record';
import { appendStep } from '../governance/store';
import { STOP_POLICY_NAME, roleNameOf, servedEndpoint, stopPolicyDocument } from './endpoint';
import { iamClient } from './clients';
import { invokerRoleArn } from './outputs';

export interface ServingControlOptions extends GovernanceOptions {
  /** The endpoint, by its project-file name or its SageMaker name. */
  readonly endpoint: string;
  readonly reason?: string;
}

export interface ServingControlResult {
  readonly data: ServingData;
  /** False when the endpoint was already in that state (nothing changed; still recorded). */
  readonly changed: boolean;
  readonly runId: string;
  /** The run record's version that holds the step. */
  readonly recordVersionId: string;
}

/** The invoker role's stop policy: put it (stop) or delete it (start). Returns whether anything changed. */
async function apply(iam: IAMClient, action: 'stop' | 'start', roleArn: string): Promise<boolean> {
  const RoleName = roleNameOf(roleArn);
  if (action === 'stop') {
    await withAwsErrors({ action: 'iam:PutRolePolicy', resource: roleArn }, () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName,
          PolicyName: STOP_POLICY_NAME,
          PolicyDocument: stopPolicyDocument(),
        }),
      ),
    );
    return true;
  }
  try {
    await iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName: STOP_POLICY_NAME }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException' || (e as Error).name === 'NoSuchEntity') return false;
    return withAwsErrors({ action: 'iam:DeleteRolePolicy', resource: roleArn }, () => {
      throw e;
    });
  }
}

/**
 * `isotrain serving stop|start ENDPOINT`: puts (or deletes) an inline Deny on the endpoint's invoker
 * role, so no consumer can invoke it from the next request on (IAM applies a role's policies to its
 * existing sessions too, within seconds), without a deploy; then records the action in the run
 * record of the run the endpoint serves. The permission changes first: stopping abuse must not wait
 * on the record; a failure to record is reported after the change.
 */
export async function setServing(
  action: 'stop' | 'start',
  options: ServingControlOptions,
  aws: AwsClientFactory,
): Promise<ServingControlResult> {
  const gov = await governanceContext({ ...options, runId: options.runId ?? options.endpoint }, aws);
  const e = servedEndpoint(gov.project, gov.projectFile, options.endpoint);
  const roleArn = await invokerRoleArn(gov.clients.ssm, gov.project.name, e.name);
  const changed = await apply(iamClient(aws.settings, gov.clients.region), action, roleArn);
  const data: ServingData = {
    action,
    endpoint: e.name,
    endpointName: e.endpointName,
    invokerRoleArn: roleArn,
    reason: options.reason ?? null,
  };
  const { versionId } = await appendStep(gov.store, e.run, { type: 'serving', by: gov.caller.arn, data });
  return { data, changed, runId: e.run, recordVersionId: versionId };
}
