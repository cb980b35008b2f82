import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import {
  GUARDRAILS,
  GuardrailValues,
  JOB_TAGS,
  LAUNCHER_SAGEMAKER_ACTIONS,
  SAGEMAKER_UNSCOPED_ACTIONS_DENIED,
  jobNamePrefix,
} from '../lib/contract';
import { projectFenceStatements } from './project-fence';

export interface LauncherPolicyProps {
  /** Project name; the launcher may start and follow only jobs named `<project>--...`. */
  readonly projectName: string;
  /** The execution role jobs run as; the only role the launcher may pass, and only to SageMaker. */
  readonly trainingRole: iam.IRole;
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  /** Encrypts training volumes (sagemaker:VolumeKmsKeyArn must name it). */
  readonly dataKey: kms.IKey;
  /** Encrypts outputs and checkpoints (sagemaker:OutputKmsKeyArn must name it). */
  readonly artifactsKey: kms.IKey;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** The project's GPU allowlist (training.instanceTypes). */
  readonly instanceTypes: string[];
  /** The project's runtime ceiling (training.maxRuntimeSeconds). */
  readonly maxRuntimeSeconds: number;
  /**
   * Roles the launcher holder must never become: release, deployment, uploader, publisher
   * (separation of duties). sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity on them are denied.
   */
  readonly separateRoles: iam.IRole[];
  /**
   * With training.requireRedaction: the role that reads redaction reports from outside the project
   * endpoint (`isotrain train` checks each data channel's redaction). Its holders may assume it; it
   * may read reports and nothing else.
   * @default - none
   */
  readonly redactionReportRole?: iam.IRole;
}

/** SageMaker actions of the allowlist that act on a job (the List* ones act on no resource). */
const JOB_ACTIONS = LAUNCHER_SAGEMAKER_ACTIONS.filter(
  (a) => !a.startsWith('sagemaker:List') || a === 'sagemaker:ListTags',
);

/**
 * The two managed policies to attach, together, to CI roles and engineers' roles that launch work
 * into a project.
 * - `policy` allows starting and following the project's training and processing jobs and denies
 *   any such job that is not isolated (one Deny per guardrail).
 * - `fence` denies, whatever else the holder is allowed: every other SageMaker action (an allowlist:
 *   APIs AWS adds later are denied too), this project's jobs' siblings in other projects, reading the
 *   project's data or decrypting it, reading or shipping the job logs, and becoming the release,
 *   deployment, uploader or publisher role.
 * Two policies because IAM caps a managed policy at 6,144 characters; each is checked at synth.
 */
export class LauncherPolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;
  public readonly fence: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: LauncherPolicyProps) {
    super(scope, id);
    if (props.subnetIds.length === 0) throw new Error('LauncherPolicy: subnetIds must not be empty, got []');
    if (props.securityGroupIds.length === 0) {
      throw new Error('LauncherPolicy: securityGroupIds must not be empty, got []');
    }
    if (props.instanceTypes.length === 0) {
      throw new Error('LauncherPolicy: instanceTypes must not be empty, got []');
    }
    const stack = Stack.of(this);
    const { account, region, partition } = stack;
    const name = props.projectName;
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      description: `isotrain ${name}: launch and follow isolated SageMaker jobs; attach with the fence policy`,
    });
    this.fence = new iam.ManagedPolicy(this, 'Fence', {
      description: `isotrain ${name}: what a launcher may never do; attach with the launcher policy`,
    });
    const add = (s: iam.PolicyStatementProps) => this.policy.addStatements(new iam.PolicyStatement(s));
    const fence = (s: iam.PolicyStatementProps) =>
      this.fence.addStatements(new iam.PolicyStatement({ ...s, effect: iam.Effect.DENY }));

    const sagemakerArn = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${jobNamePrefix(name)}*`;
    const jobArns = [sagemakerArn('training-job'), sagemakerArn('processing-job')];

    add({
      sid: 'LaunchProjectJobs',
      actions: ['sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob', 'sagemaker:AddTags'],
      resources: jobArns,
    });
    add({
      sid: 'FollowProjectJobs',
      actions: [
        'sagemaker:DescribeTrainingJob',
        'sagemaker:StopTrainingJob',
        'sagemaker:DescribeProcessingJob',
        'sagemaker:StopProcessingJob',
        'sagemaker:ListTags',
      ],
      resources: jobArns,
      conditions: { StringEquals: { [`aws:ResourceTag/${JOB_TAGS.project}`]: name } },
    });
    add({
      sid: 'ListJobs',
      actions: ['sagemaker:ListTrainingJobs', 'sagemaker:ListProcessingJobs'],
      resources: ['*'],
    });
    add({
      sid: 'PassTrainingRoleToSageMaker',
      actions: ['iam:PassRole'],
      resources: [props.trainingRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    });
    if (props.redactionReportRole) {
      add({
        sid: 'AssumeRedactionReportRole',
        actions: ['sts:AssumeRole'],
        resources: [props.redactionReportRole.roleArn],
      });
    }
    add({
      sid: 'ReadProjectParameters',
      actions: ['ssm:GetParametersByPath'],
      resources: [`arn:${partition}:ssm:${region}:${account}:parameter/isotrain/${name}`],
    });
    const values: GuardrailValues = {
      projectName: name,
      subnetIds: props.subnetIds,
      securityGroupIds: props.securityGroupIds,
      volumeKeyArn: props.dataKey.keyArn,
      outputKeyArn: props.artifactsKey.keyArn,
      instanceTypes: props.instanceTypes,
      maxRuntimeSeconds: props.maxRuntimeSeconds,
    };
    for (const g of GUARDRAILS) {
      add({
        sid: g.sid,
        effect: iam.Effect.DENY,
        actions: [...g.actions],
        resources: ['*'],
        conditions: g.condition(values),
      });
    }

    // An allowlist: a Deny with NotAction and Resource "*" would deny every other service to the
    // holder (engineers' roles carry other permissions); scoped to SageMaker ARNs it denies every
    // SageMaker action with a resource type outside the list, new APIs included.
    fence({
      sid: 'DenySageMakerBeyondTheLauncher',
      notActions: [...LAUNCHER_SAGEMAKER_ACTIONS],
      resources: [`arn:${partition}:sagemaker:*:*:*`],
    });
    // Actions without resource-level permissions are evaluated against "*", which the statement
    // above does not match: the ones that write or search are denied by name.
    fence({
      sid: 'DenyUnscopedSageMakerActions',
      actions: [...SAGEMAKER_UNSCOPED_ACTIONS_DENIED],
      resources: ['*'],
    });
    fence({
      sid: 'DenyOtherProjectsJobs',
      actions: [...JOB_ACTIONS],
      notResources: jobArns,
    });
    for (const s of projectFenceStatements(this, {
      dataBucket: props.dataBucket,
      artifactsBucket: props.artifactsBucket,
      dataKey: props.dataKey,
      artifactsKey: props.artifactsKey,
      separateRoles: props.separateRoles,
    })) {
      this.fence.addStatements(s);
    }

    this.node.addValidation({
      validate: () => [
        ...validateSize(this.policy, `training.instanceTypes (${props.instanceTypes.length} types)`),
        ...validateSize(this.fence, 'the fence statements'),
      ],
    });

    for (const arn of jobArns) {
      acknowledgeWildcardResource(
        this.policy,
        arn,
        `Jobs of this project only: SageMaker job names are chosen at launch and isotrain names them ${jobNamePrefix(name)}...; creation is further bounded by the Deny guardrails, following by the isotrain:project tag.`,
      );
    }
    acknowledgeWildcardResource(
      this.policy,
      '*',
      'sagemaker:ListTrainingJobs and sagemaker:ListProcessingJobs support no resource-level permissions; they return names and statuses only.',
    );
  }

  /** IAM's limit for a managed policy document, whitespace excluded. */
  public static readonly MAX_POLICY_CHARS = 6144;
}

/**
 * IAM refuses managed policies above 6,144 characters (whitespace excluded) at deploy time; say so at
 * synth instead. Values still unresolved (ARNs from other stacks) are counted as 80 characters each.
 */
export function validateSize(policy: iam.ManagedPolicy, shorten: string): string[] {
  const length = policySize(policy);
  if (length <= LauncherPolicy.MAX_POLICY_CHARS) return [];
  return [
    `${policy.node.path}: the policy would be about ${length} characters once deployed, above IAM's ${LauncherPolicy.MAX_POLICY_CHARS} for a managed policy; shorten ${shorten}`,
  ];
}

/** The deployed size of a managed policy document, unresolved values counted as 80 characters. */
export function policySize(policy: iam.ManagedPolicy): number {
  const doc: unknown = Stack.of(policy).resolve(policy.document.toJSON());
  return JSON.stringify(doc, (_k, v: unknown) =>
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'))
      ? 'x'.repeat(80)
      : v,
  ).length;
}
