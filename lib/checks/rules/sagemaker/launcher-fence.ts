/**
 * Isolation-LAUNCH2: a launcher holder can start no other SageMaker compute and touch no other
 * project's jobs, as AWS would decide it.
 *
 * For every holder whose grants let it create training or processing jobs, with its own policies and
 * an administrator policy besides (only an explicit Deny holds whatever else it is given), must be
 * denied:
 * - every SageMaker action outside the launcher's allowlist on SageMaker resources of the project's
 *   name space: endpoints, endpoint configs, inference components, models, transform, tuning, AutoML,
 *   compilation, labeling and optimization jobs, notebooks, clusters, MLflow, Studio, pipelines, an
 *   update of a training job, and an action AWS has not invented yet (an allowlist denies new APIs);
 * - the SageMaker actions that take no resource and are not plain listings (the contract's
 *   SAGEMAKER_UNSCOPED_ACTIONS_DENIED: resource policies, Search, lineage queries...);
 * - the launcher's own job actions (describe, stop, tag) on another project's jobs.
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  LAUNCHER_SAGEMAKER_ACTIONS,
  SAGEMAKER_UNSCOPED_ACTIONS_DENIED,
  jobNamePrefix,
} from '../../../contract';
import { isDenied } from '../../iam';
import { actionClasses, ask } from '../../access/ask';
import { ADMINISTRATOR } from '../../access/documents';
import { Failures, Findings } from '../../access/findings';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { FUTURE, OTHER_SAGEMAKER_COMPUTE } from './compute-actions';
import { launchersOf } from './launchers';

const OTHER_REGION = ['us-east-1', 'eu-central-1'] as const;

export const LauncherFence: IsolationRule = {
  id: 'LAUNCH2',
  control: 11,
  types: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: "A holder of these launcher policies can start SageMaker compute other than training and processing jobs, or act on another project's jobs.",
  explanation:
    'Evaluated as AWS would decide, the holder also holding an administrator policy: every SageMaker action ' +
    'outside the launcher allowlist (endpoints, models, notebooks, clusters, MLflow, pipelines, and any ' +
    'action AWS adds later), the resource-less SageMaker actions that are not listings, and the ' +
    "launcher's job actions on another project's jobs must be denied. A Deny that lists compute actions is a " +
    'blocklist and misses new ones: Deny NotAction [the allowlist] on arn:aws:sagemaker:*:*:* (the ' +
    "launcher fence policy does this, with the resource-less actions by name and a Deny on other projects' job ARNs).",
  check: (node: CfnResource) => {
    const launchers = launchersOf(node);
    if (launchers.length === 0) return NOT_APPLICABLE;
    const f = new Findings();
    for (const { holder, parts } of launchers) {
      const caller = { ...holder.caller, identity: [...holder.caller.identity, ADMINISTRATOR] };
      const arn = (type: string, project = parts.project, region = parts.region) =>
        `arn:aws:sagemaker:${region}:${parts.account}:${type}/${jobNamePrefix(project)}${PROBE}`;
      // The training role can be passed to compute in any region: the fence must hold in all of them.
      const elsewhere = parts.region === OTHER_REGION[0] ? OTHER_REGION[1] : OTHER_REGION[0];
      const requests: { actions: string[]; resource: string; what: string; region?: string }[] = [
        ...OTHER_SAGEMAKER_COMPUTE.map(([action, type]) => ({
          actions: [action],
          resource: arn(type),
          what:
            action === FUTURE
              ? '(an action AWS has not invented yet: the SageMaker Deny is a blocklist, or missing)'
              : `on the project's SageMaker resources (${jobNamePrefix(parts.project)}...)`,
        })),
        ...OTHER_SAGEMAKER_COMPUTE.map(([action, type]) => ({
          actions: [action],
          resource: arn(type, parts.project, elsewhere),
          what: `in another region (${elsewhere})`,
          region: elsewhere,
        })),
        { actions: [...SAGEMAKER_UNSCOPED_ACTIONS_DENIED], resource: '*', what: 'on *' },
        ...['training-job', 'processing-job'].map((type) => ({
          actions: LAUNCHER_SAGEMAKER_ACTIONS.filter((a) => !/:List(Training|Processing)Jobs$/.test(a)),
          resource: arn(type, `${PROBE}-other`),
          what: `on another project's ${type}`,
        })),
      ];
      const failures = new Failures();
      for (const r of requests) {
        for (const group of actionClasses(r.actions, caller.identity)) {
          const result = ask({
            caller,
            action: group[0],
            resource: r.resource,
            context: { 'aws:RequestedRegion': r.region ?? parts.region },
          });
          if (!isDenied(result))
            failures.add(
              `{actions} ${r.what} by ${holder.caller.id}`,
              group,
              'with an administrator policy besides',
              result,
            );
        }
      }
      failures.into(f);
    }
    return f.result();
  },
};
