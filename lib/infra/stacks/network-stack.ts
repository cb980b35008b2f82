import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { InterfaceEndpoints } from '../../../constructs/interface-endpoints';
import { IsolatedNetwork } from '../../../constructs/isolated-network';
import { ProjectOutputs } from '../../../constructs/project-outputs';
import { VpcFlowLogs } from '../../../constructs/vpc-flow-logs';
import { ProjectStack, ProjectStackProps } from './project-stack';

export interface NetworkStackProps extends ProjectStackProps {
  /** Encrypts the flow-log group. */
  readonly logsKey: kms.IKey;
}

/**
 * The project's isolated network and its flow logs. Replaceable: the only stateful resource, the
 * flow-log group, is retained if the stack goes.
 */
export class NetworkStack extends ProjectStack {
  public readonly network: IsolatedNetwork;
  public readonly flowLogs: VpcFlowLogs;
  public readonly interfaceEndpoints?: InterfaceEndpoints;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, props);
    const { name, network, retention } = this.project;
    this.network = new IsolatedNetwork(this, 'Network', {
      cidr: network.cidr,
      availabilityZones: network.availabilityZones,
    });
    this.flowLogs = new VpcFlowLogs(this, 'FlowLogs', {
      vpc: this.network.vpc,
      encryptionKey: props.logsKey,
      retentionDays: retention.logDays,
    });
    if (network.interfaceEndpoints.length > 0) {
      this.interfaceEndpoints = new InterfaceEndpoints(this, 'InterfaceEndpoints', {
        vpc: this.network.vpc,
        vpcCidr: network.cidr,
        services: network.interfaceEndpoints,
      });
    }
    new ProjectOutputs(this, 'Outputs', {
      projectName: name,
      values: {
        VpcId: this.network.vpc.vpcId,
        SubnetIds: this.network.trainingSubnets.map((s) => s.subnetId),
        TrainingSecurityGroupId: this.network.trainingSecurityGroup.securityGroupId,
      },
    });
  }
}
