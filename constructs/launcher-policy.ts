import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './acknowledge';
import { DENIED_COMPUTE_ACTIONS, GUARDRAILS, GuardrailValues, JOB_TAGS } from '../lib/contract';

export interface LauncherPolicyProps {
  /** Project name; the launcher may start and follow only jobs named `<project>-...`. */
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
}

/**
 * The managed policy to attach to CI roles and engineers' roles that launch work into a project.
 * It allows starting and following the project's training and processing jobs, and denies — for
 * whoever carries it, whatever else they are allowed — any such job that is not isolated, plus every
 * other way of starting compute near the data, plus reading the data itself.
 */
export class LauncherPolicy extends Construct {
  public readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: LauncherPolicyProps) {
    super(scope, id);
    if (props.subnetIds.length === 0) throw new Error('LauncherPolicy: subnetIds must not be empty, got []');
    if (props.securityGroupIds.length === 0) {
      throw new Error('LauncherPolicy: securityGroupIds must not be empty, got []');
    }
    if (props.instanceTypes.length === 0) {
      throw new Error('LauncherPolicy: instanceTypes must not be empty, got []');
    }
    const { account, region, partition } = Stack.of(this);
    const name = props.projectName;
    this.policy = new iam.ManagedPolicy(this, 'Resource', {
      description: `isotrain ${name}: launch and follow isolated SageMaker jobs; nothing else`,
    });
    const add = (s: iam.PolicyStatementProps) => this.policy.addStatements(new iam.PolicyStatement(s));

    const sagemakerArn = (type: string) =>
      `arn:${partition}:sagemaker:${region}:${account}:${type}/${name}-*`;
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
    add({
      sid: 'DenyOtherCompute',
      effect: iam.Effect.DENY,
      actions: [...DENIED_COMPUTE_ACTIONS],
      resources: ['*'],
    });
    add({
      sid: 'DenyReadingProjectData',
      effect: iam.Effect.DENY,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [props.dataBucket.arnForObjects('*'), props.artifactsBucket.arnForObjects('*')],
    });
    add({
      sid: 'DenyDecryptingProjectData',
      effect: iam.Effect.DENY,
      actions: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      resources: [props.dataKey.keyArn, props.artifactsKey.keyArn],
    });

    this.node.addValidation({ validate: () => this.validateSize(props.instanceTypes.length) });

    for (const arn of jobArns) {
      acknowledgeWildcardResource(
        this.policy,
        arn,
        `Jobs of this project only: SageMaker job names are chosen at launch and isotrain names them ${name}-...; creation is further bounded by the Deny guardrails, following by the isotrain:project tag.`,
      );
    }
    acknowledgeWildcardResource(
      this.policy,
      '*',
      'sagemaker:ListTrainingJobs and sagemaker:ListProcessingJobs support no resource-level permissions; they return names and statuses only.',
    );
  }

  /**
   * IAM refuses managed policies above 6,144 characters (whitespace excluded) at deploy time; say so at
   * synth instead. Values still unresolved (ARNs from other stacks) are counted as 80 characters each.
   */
  private validateSize(instanceTypes: number): string[] {
    const doc: unknown = Stack.of(this).resolve(this.policy.document.toJSON());
    const text = JSON.stringify(doc, (_k, v: unknown) =>
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).some((k) => k === 'Ref' || k.startsWith('Fn::'))
        ? 'x'.repeat(80)
        : v,
    );
    if (text.length <= LauncherPolicy.MAX_POLICY_CHARS) return [];
    return [
      `LauncherPolicy: the policy would be about ${text.length} characters once deployed, above IAM's ${LauncherPolicy.MAX_POLICY_CHARS} for a managed policy; shorten training.instanceTypes (${instanceTypes} types)`,
    ];
  }

  /** IAM's limit for a managed policy document, whitespace excluded. */
  public static readonly MAX_POLICY_CHARS = 6144;
}
