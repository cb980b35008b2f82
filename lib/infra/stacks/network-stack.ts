import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { DnsFirewall } from '../../../constructs/dns-firewall';
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
 * The project's isolated network, its flow logs and its DNS firewall. Replaceable: the only stateful
 * resources, the flow-log and DNS query-log groups, are retained if the stack goes.
 */
export class NetworkStack extends ProjectStack {
  public readonly network: IsolatedNetwork;
  public readonly flowLogs: VpcFlowLogs;
  public readonly interfaceEndpoints?: InterfaceEndpoints;
  public readonly dnsFirewall: DnsFirewall;

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
    this.dnsFirewall = new DnsFirewall(this, 'DnsFirewall', {
      vpc: this.network.vpc,
      interfaceEndpoints: network.interfaceEndpoints,
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
