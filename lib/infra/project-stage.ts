import { Aspects, Stage } from 'aws-cdk-lib';
import { WriteNagSuppressionsToCloudFormationAspect } from 'cdk-nag';
import { Construct } from 'constructs';
import { ProjectConfig } from '../config';
import { tagEverything } from './tag-everything';
import { AccessStack } from './stacks/access-stack';
import { DataStack } from './stacks/data-stack';
import { KeysStack } from './stacks/keys-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';
import { ServingStack } from './stacks/serving-stack';
import { PROJECT_TAGS, SERVING_STACK_ID } from '../contract';

export interface ProjectStageProps {
  readonly project: ProjectConfig;
}

/**
 * One project: a Stage named after it (so `cdk deploy '<name>/*'` deploys exactly that project),
 * holding its keys, network and data stacks in its own account and region.
 */
export class ProjectStage extends Stage {
  public readonly keys: KeysStack;
  public readonly network: NetworkStack;
  public readonly data: DataStack;
  public readonly access: AccessStack;
  public readonly monitoring: MonitoringStack;
  /** Only when the project file lists endpoints (issue 12). */
  public readonly serving?: ServingStack;

  constructor(scope: Construct, props: ProjectStageProps) {
    const { project } = props;
    super(scope, project.name, { env: { account: project.account, region: project.region } });
    // Acknowledgments go into each template's metadata (cdk_nag.rules_to_suppress) for auditors and for
    // `isotrain check --template`. Registered here: aspects on the App do not cross Stage boundaries.
    Aspects.of(this).add(new WriteNagSuppressionsToCloudFormationAspect());
    tagEverything(this, {
      [PROJECT_TAGS.project]: project.name,
      [PROJECT_TAGS.owner]: project.tags.owner,
      [PROJECT_TAGS.dataClassification]: project.tags.dataClassification,
    });

    const description = (what: string) => `isotrain project ${project.name}: ${what}`;
    this.keys = new KeysStack(this, 'Keys', {
      project,
      description: description('customer-managed keys (stateful, termination-protected)'),
    });
    this.network = new NetworkStack(this, 'Network', {
      project,
      logsKey: this.keys.keys.logs,
      description: description('isolated network and flow logs'),
    });
    this.data = new DataStack(this, 'Data', {
      project,
      keys: this.keys.keys,
      network: this.network.network,
      description: description(
        'buckets, S3 endpoint, audit trail and data roles (stateful, termination-protected)',
      ),
    });
    this.access = new AccessStack(this, 'Access', {
      project,
      network: this.network.network,
      dataKey: this.keys.keys.data,
      artifactsKey: this.keys.keys.artifacts,
      dataBucket: this.data.trainingDataBucket.bucket,
      artifactsBucket: this.data.artifactsBucket.bucket,
      trainingRole: this.data.trainingRole.role,
      separateRoles: this.data.separateRoles,
      redactionReportRole: this.data.redactionReports?.role,
      description: description('launcher policy: who may start jobs, under which guardrails'),
    });
    this.monitoring = new MonitoringStack(this, 'Monitoring', {
      project,
      network: this.network.network,
      logsKey: this.keys.keys.logs,
      keys: [this.keys.keys.data, this.keys.keys.artifacts, this.keys.keys.logs],
      keyAliases: this.keys.keys.aliases,
      buckets: [
        this.data.trainingDataBucket.bucket,
        this.data.artifactsBucket.bucket,
        this.data.auditBucket.bucket,
        this.data.accessLogsBucket.bucket,
        ...(this.data.captureBucket ? [this.data.captureBucket.bucket] : []),
      ],
      artifactsBucket: this.data.artifactsBucket.bucket,
      trail: this.data.trail.trail,
      ...(project.serving.endpoints.length > 0
        ? {
            invocations: {
              bucket: this.data.auditBucket.bucket,
              logRetentionDays: project.retention.logDays,
            },
          }
        : {}),
      description: description(
        'alerts on jobs outside the project isolation and on tampering with its controls',
      ),
    });
    if (project.serving.endpoints.length > 0) {
      this.serving = new ServingStack(this, SERVING_STACK_ID, {
        project,
        network: this.network.network,
        artifactsBucket: this.data.artifactsBucket.bucket,
        artifactsKey: this.keys.keys.artifacts,
        captureBucket: this.data.captureBucket!.bucket,
        dataKey: this.keys.keys.data,
        servingRoles: new Map([...this.data.servingRoles].map(([k, r]) => [k, r.role])),
        alertTopic: this.monitoring.isolation.topic,
        description: description(
          'served models: isolated endpoints, invoker roles, alarms and the invocation trail (billed per instance-hour)',
        ),
      });
    }
  }
}
