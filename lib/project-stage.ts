import { Stage, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ProjectConfig } from './config';
import { DataStack } from './stacks/data-stack';
import { KeysStack } from './stacks/keys-stack';
import { NetworkStack } from './stacks/network-stack';

export interface ProjectStageProps {
  readonly project: ProjectConfig;
}

/** Tag keys every resource of a project carries. */
export const PROJECT_TAGS = {
  project: 'isotrain:project',
  owner: 'isotrain:owner',
  dataClassification: 'isotrain:data-classification',
} as const;

/**
 * One project: a Stage named after it (so `cdk deploy '<name>/*'` deploys exactly that project),
 * holding its keys, network and data stacks in its own account and region.
 */
export class ProjectStage extends Stage {
  public readonly keys: KeysStack;
  public readonly network: NetworkStack;
  public readonly data: DataStack;

  constructor(scope: Construct, props: ProjectStageProps) {
    const { project } = props;
    super(scope, project.name, { env: { account: project.account, region: project.region } });
    Tags.of(this).add(PROJECT_TAGS.project, project.name);
    Tags.of(this).add(PROJECT_TAGS.owner, project.tags.owner);
    Tags.of(this).add(PROJECT_TAGS.dataClassification, project.tags.dataClassification);

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
  }
}
