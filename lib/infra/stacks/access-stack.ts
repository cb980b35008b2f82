import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LauncherPolicy } from '../../../constructs/launcher-policy';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface AccessStackProps extends ProjectStackProps {
  readonly network: IsolatedNetwork;
  readonly dataKey: kms.IKey;
  readonly artifactsKey: kms.IKey;
  readonly dataBucket: s3.IBucket;
  readonly artifactsBucket: s3.IBucket;
  readonly trainingRole: iam.IRole;
  /** Release, deployment, uploader and publisher roles: launcher holders must never become them. */
  readonly separateRoles: iam.IRole[];
  /** With training.requireRedaction: the role that reads redaction reports, which launchers assume. */
  readonly redactionReportRole?: iam.IRole;
}

/**
 * Who may launch work into the project, under which guardrails, and the fence around it. Stateless: the policy can be
 * replaced at any time, so it lives apart from the stateful stacks.
 */
export class AccessStack extends ProjectStack {
  public readonly launcher: LauncherPolicy;

  constructor(scope: Construct, id: string, props: AccessStackProps) {
    super(scope, id, props);
    const { name, training } = this.project;
    this.launcher = new LauncherPolicy(this, 'LauncherPolicy', {
      projectName: name,
      trainingRole: props.trainingRole,
      dataBucket: props.dataBucket,
      artifactsBucket: props.artifactsBucket,
      dataKey: props.dataKey,
      artifactsKey: props.artifactsKey,
      subnetIds: props.network.trainingSubnets.map((s) => s.subnetId),
      securityGroupIds: [props.network.trainingSecurityGroup.securityGroupId],
      instanceTypes: training.instanceTypes,
      maxRuntimeSeconds: training.maxRuntimeSeconds,
      separateRoles: props.separateRoles,
      redactionReportRole: props.redactionReportRole,
    });
    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: {
        LauncherPolicyArn: this.launcher.policy.managedPolicyArn,
        LauncherFencePolicyArn: this.launcher.fence.managedPolicyArn,
      },
    });
  }
}
