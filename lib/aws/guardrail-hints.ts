import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { GUARDRAILS, Guardrail, parameterName } from '../contract';

/** What the AccessDenied and quota explanations may use: the request and where its values came from. */
export interface RequestContext {
  /** The call, as IAM spells it: sagemaker:CreateTrainingJob. */
  readonly action: string;
  readonly project?: string;
  /** The project file, as messages spell it. */
  readonly projectFile?: string;
  readonly request?: CreateTrainingJobCommandInput;
  /** Where the deployed outputs came from: a file, `SSM /isotrain/<p>/` or `CloudFormation`. */
  readonly outputsSource?: string;
}

function sentValue(g: Guardrail, request: CreateTrainingJobCommandInput): string {
  switch (g.field) {
    case 'VpcConfig.Subnets':
      return (request.VpcConfig?.Subnets ?? []).join(', ');
    case 'VpcConfig.SecurityGroupIds':
      return (request.VpcConfig?.SecurityGroupIds ?? []).join(', ');
    case 'ResourceConfig.VolumeKmsKeyId':
      return request.ResourceConfig?.VolumeKmsKeyId ?? 'nothing';
    case 'OutputDataConfig.KmsKeyId':
      return request.OutputDataConfig?.KmsKeyId ?? 'nothing';
    case 'ResourceConfig.InstanceType':
      return request.ResourceConfig?.InstanceType ?? 'nothing';
    case 'StoppingCondition.MaxRuntimeInSeconds':
      return String(request.StoppingCondition?.MaxRuntimeInSeconds ?? 'nothing');
    default:
      return '';
  }
}

/** Guardrails whose pinned values come from the deployed outputs: stale outputs break these. */
const FROM_OUTPUTS = new Set([
  'DenyJobsInOtherSubnets',
  'DenyJobsWithOtherSecurityGroups',
  'DenyJobsWithoutProjectVolumeKey',
  'DenyJobsWithoutProjectOutputKey',
]);
/** Guardrails whose pinned values come from the project file: an undeployed edit breaks these. */
const FROM_PROJECT_FILE = new Set(['DenyJobsOnOtherInstanceTypes', 'DenyJobsOverMaxRuntime']);

/** The policy that grants an action to the people who run isotrain. */
function policyHint(action: string, project: string): string {
  if (/^sagemaker:/.test(action))
    return `the project's launcher policy (output LauncherPolicyArn, parameter ${parameterName(project, 'LauncherPolicyArn')}) together with its fence (output LauncherFencePolicyArn, parameter ${parameterName(project, 'LauncherFencePolicyArn')}); attach both`;
  return `the project's run-governance policy (output RunGovernancePolicyArn, parameter ${parameterName(project, 'RunGovernancePolicyArn')}); releases need the project's release role (output ReleaseRoleArn)`;
}

/**
 * Says which guardrail most likely refused a request. The request always satisfies the guardrails the
 * current project file and outputs imply (the builder refuses anything else), so a Deny means the
 * deployed policy disagrees with them: stale outputs, or a project-file change not yet deployed.
 */
export function explainAccessDenied(message: string, ctx: RequestContext): string {
  const action = /perform: ([\w-]+:\w+)/.exec(message)?.[1] ?? ctx.action;
  const project = ctx.project ?? '<project>';
  const lines = [`AWS refused ${action}: ${message}`];
  if (action === 'iam:PassRole') {
    lines.push(
      `Most likely guardrail: PassTrainingRoleToSageMaker — ${policyHint('sagemaker:', project)} lets you pass only the project's training role, and only to sagemaker.amazonaws.com.`,
      `The request passed ${ctx.request?.RoleArn ?? 'a role'}; check TrainingRoleArn in ${ctx.outputsSource ?? 'the outputs'}.`,
    );
    return lines.join('\n');
  }
  if (!/explicit deny/i.test(message)) {
    lines.push(
      `No policy allows this for you: attach ${policyHint(action, project)} to your role or user.` +
        (/^sagemaker:/.test(action)
          ? ` It allows only jobs named ${project}-... and tagged isotrain:project=${project}.`
          : ''),
    );
    return lines.join('\n');
  }
  const guarded = GUARDRAILS.filter((g) => g.actions.includes(action));
  if (guarded.length === 0) {
    lines.push(
      `An explicit Deny of the project (its bucket policies or ${project}-Access) refused it: run it from where the project allows (the release role for releases) or ask the platform team which statement applies.`,
    );
    return lines.join('\n');
  }
  const stale = guarded.filter((g) => FROM_OUTPUTS.has(g.sid));
  const undeployed = guarded.filter((g) => FROM_PROJECT_FILE.has(g.sid));
  const describe = (g: Guardrail) =>
    `  - ${g.sid} (${g.conditionKey}): refuses ${g.refuses}${ctx.request ? `; the request sent ${sentValue(g, ctx.request)}` : ''}`;
  const source = ctx.outputsSource;
  const fromFile = source !== undefined && !source.startsWith('SSM') && source !== 'CloudFormation';
  const staleHint = `the outputs in ${source ?? 'use'} no longer match the deployed project: run without --outputs-file to read them live, or write them again with cdk deploy --outputs-file`;
  const undeployedHint = `${ctx.projectFile ?? 'the project file'} was changed after the last deploy: deploy it (npx cdk deploy '${project}/*') so the guardrails allow what it allows`;
  lines.push(`A Deny guardrail of ${project}-Access refused the request. Most likely:`);
  const order: [string, Guardrail[]][] = fromFile
    ? [
        [staleHint, stale],
        [undeployedHint, undeployed],
      ]
    : [
        [undeployedHint, undeployed],
        [staleHint, stale],
      ];
  lines.push(`1. ${order[0][0]}:`, ...order[0][1].map(describe));
  lines.push(`2. or ${order[1][0]}:`, ...order[1][1].map(describe));
  return lines.join('\n');
}

/** Says which Service Quota to raise. */
export function explainResourceLimit(message: string, ctx: RequestContext): string {
  const type = ctx.request?.ResourceConfig?.InstanceType ?? 'the instance type';
  const spot = ctx.request?.EnableManagedSpotTraining === true;
  const quoted = /(?:service limit|quota) '([^']+)'/i.exec(message)?.[1];
  const quota = quoted ?? `${type} for ${spot ? 'spot ' : ''}training job usage`;
  const count = ctx.request?.ResourceConfig?.InstanceCount ?? 1;
  return [
    `SageMaker refused the job: a quota is exhausted: ${message}`,
    `Raise the Service Quotas quota "${quota}" (service SageMaker) to at least ${count} in this account and region,`,
    `or wait for running jobs on ${type} to finish, or use another allowed instance type. To see it:`,
    `  aws service-quotas list-service-quotas --service-code sagemaker --query "Quotas[?QuotaName=='${quota}']"`,
  ].join('\n');
}
