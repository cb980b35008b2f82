import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export interface InterfaceEndpointsProps {
  readonly vpc: ec2.IVpc;
  /** The VPC's CIDR as a literal, for the endpoints' HTTPS ingress rule. */
  readonly vpcCidr: string;
  /** Endpoint service short names, such as `sagemaker.api` or `sts`. */
  readonly services: readonly string[];
}

/**
 * Opt-in interface endpoints for callers that run inside the VPC. Each admits HTTPS from the VPC
 * only and carries a policy that lets only principals of this account use it.
 */
export class InterfaceEndpoints extends Construct {
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly endpoints: Record<string, ec2.InterfaceVpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: InterfaceEndpointsProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'isotrain interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
    const account = Stack.of(this).account;
    for (const service of props.services) {
      const endpoint = new ec2.InterfaceVpcEndpoint(this, endpointId(service), {
        vpc: props.vpc,
        service: new ec2.InterfaceVpcEndpointAwsService(service),
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroups: [this.securityGroup],
        privateDnsEnabled: true,
        open: false,
      });
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'OnlyThisAccount',
          principals: [new iam.AnyPrincipal()],
          actions: ['*'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:PrincipalAccount': account, 'aws:ResourceAccount': account },
          },
        }),
      );
      this.endpoints[service] = endpoint;
    }
  }
}

/** `sagemaker.api` → `SagemakerApi`: a stable construct ID per service. */
export function endpointId(service: string): string {
  return service
    .split(/[.-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
