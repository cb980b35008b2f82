import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Stack } from 'aws-cdk-lib';
import { acknowledgeCustomResourceProvider, acknowledgeRegulatory } from './acknowledge';
import { S3PrefixList } from './s3-prefix-list';

export interface IsolatedNetworkProps {
  /** The VPC's IPv4 range. A literal CIDR: rules and endpoint ingress are written against it. */
  readonly cidr: string;
  /** Availability zones for the isolated subnets, at least two. */
  readonly availabilityZones: string[];
}

/**
 * A VPC with no route out: isolated subnets only, so no internet gateway, NAT, egress-only gateway,
 * VPN or peering is ever created; the default security group is emptied; training jobs get a
 * security group that can reach S3 (through the gateway endpoint) and each other, nothing else.
 */
export class IsolatedNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  public readonly cidr: string;
  public readonly trainingSecurityGroup: ec2.SecurityGroup;
  public readonly s3PrefixListId: string;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    if (props.availabilityZones.length < 2) {
      throw new Error(
        `IsolatedNetwork: availabilityZones must list at least 2 zones, got ${JSON.stringify(props.availabilityZones)}`,
      );
    }
    this.cidr = props.cidr;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: props.availabilityZones,
      natGateways: 0,
      createInternetGateway: false,
      restrictDefaultSecurityGroup: true,
      subnetConfiguration: [{ name: 'Training', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });

    acknowledgeRegulatory(
      this.vpc.node.defaultChild!,
      'VPCDefaultSecurityGroupClosed',
      'restrictDefaultSecurityGroup is on: the Custom::VpcRestrictDefaultSG resource of this stack removes every ' +
        'rule of the default security group at deploy time, which a template-level rule cannot see.',
    );
    const restrictProvider = Stack.of(this).node.tryFindChild(
      'Custom::VpcRestrictDefaultSGCustomResourceProvider',
    );
    if (restrictProvider) {
      acknowledgeCustomResourceProvider(restrictProvider, 'empties the default security group');
    }

    this.s3PrefixListId = new S3PrefixList(this, 'S3PrefixList').prefixListId;
    this.trainingSecurityGroup = new ec2.SecurityGroup(this, 'TrainingSecurityGroup', {
      vpc: this.vpc,
      description: 'isotrain training jobs: HTTPS to S3 and all traffic between job instances, nothing else',
      allowAllOutbound: false,
    });
    const sg = this.trainingSecurityGroup;
    sg.addEgressRule(
      ec2.Peer.prefixList(this.s3PrefixListId),
      ec2.Port.tcp(443),
      'HTTPS to S3 via the gateway endpoint',
    );
    sg.addIngressRule(sg, ec2.Port.allTraffic(), 'Distributed training: from other instances of the job');
    const selfIngress = sg.node.children.find((c) => c instanceof ec2.CfnSecurityGroupIngress)!;
    acknowledgeRegulatory(
      selfIngress,
      'EC2RestrictedCommonPorts',
      'The only source is this security group itself (SourceSecurityGroupId), not an address range: ' +
        'instances of one distributed training job must reach each other on all ports and protocols ' +
        '(NCCL, EFA), as SageMaker requires for multi-instance jobs in a VPC.',
    );
    sg.addEgressRule(sg, ec2.Port.allTraffic(), 'Distributed training: to other instances of the job');
  }

  /** The isolated subnets training jobs run in. */
  public get trainingSubnets(): ec2.ISubnet[] {
    return this.vpc.isolatedSubnets;
  }
}
