/**
 * Mutants of issue 9 (coverage): ways out of the VPC other than a gateway, and other compute in the
 * project network. Each is one single change to the shared project's templates; see harness.ts.
 */
import { Json, Mutant, Templates, add, mutationSuite, one } from './harness';

const VPC = 'AWS::EC2::VPC';
const vpcRef = (t: Templates) => ({ Ref: one(t, VPC).id });
const subnet = (t: Templates) => one(t, 'AWS::EC2::Subnet');
const trainingSg = (t: Templates) =>
  one(t, 'AWS::EC2::SecurityGroup', (r) => /training/i.test(r.Properties.GroupDescription));
const inNetwork = (t: Templates, id: string, r: Json) => add(t, one(t, VPC).file, id, r);
const ruleGroup = (t: Templates) => one(t, 'AWS::Route53Resolver::FirewallRuleGroup');

export const MUTANTS: Mutant[] = [
  {
    name: 'a transit gateway attachment of the project subnets',
    rule: 'Isolation-NET1',
    mutate: (t) =>
      inNetwork(t, 'TgwAttach', {
        Type: 'AWS::EC2::TransitGatewayAttachment',
        Properties: {
          TransitGatewayId: 'tgw-0123456789abcdef0',
          VpcId: vpcRef(t),
          SubnetIds: [{ Ref: subnet(t).id }],
        },
      }),
  },
  {
    name: 'a VPC Lattice service network association',
    rule: 'Isolation-NET1',
    mutate: (t) =>
      inNetwork(t, 'Lattice', {
        Type: 'AWS::VpcLattice::ServiceNetworkVpcAssociation',
        Properties: { ServiceNetworkIdentifier: 'sn-0123456789abcdef0', VpcIdentifier: vpcRef(t) },
      }),
  },
  {
    name: 'a Client VPN endpoint on the project subnets',
    rule: 'Isolation-NET1',
    mutate: (t) =>
      inNetwork(t, 'Vpn', {
        Type: 'AWS::EC2::ClientVpnTargetNetworkAssociation',
        Properties: {
          ClientVpnEndpointId: 'cvpn-endpoint-0123456789abcdef0',
          SubnetId: { Ref: subnet(t).id },
        },
      }),
  },
  {
    name: 'a route to a Gateway Load Balancer endpoint',
    rule: 'Isolation-NET2',
    mutate: (t) => {
      const rt = one(t, 'AWS::EC2::RouteTable');
      add(t, rt.file, 'ToAppliance', {
        Type: 'AWS::EC2::Route',
        Properties: {
          RouteTableId: { Ref: rt.id },
          DestinationCidrBlock: '10.99.0.0/16',
          VpcEndpointId: 'vpce-0123456789abcdef0',
        },
      });
    },
  },
  {
    name: 'an Elastic IP',
    rule: 'Isolation-NET3',
    mutate: (t) => inNetwork(t, 'Eip', { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } }),
  },
  {
    name: 'an Amazon-provided IPv6 range on the VPC',
    rule: 'Isolation-NET3',
    mutate: (t) =>
      inNetwork(t, 'V6', {
        Type: 'AWS::EC2::VPCCidrBlock',
        Properties: { VpcId: vpcRef(t), AmazonProvidedIpv6CidrBlock: true },
      }),
  },
  {
    name: 'the project subnets shared with another account (RAM)',
    rule: 'Isolation-NET4',
    mutate: (t) =>
      inNetwork(t, 'Share', {
        Type: 'AWS::RAM::ResourceShare',
        Properties: {
          Name: 'share',
          Principals: ['999988887777'],
          ResourceArns: [
            { 'Fn::Join': ['', ['arn:aws:ec2:eu-west-1:111122223333:subnet/', { Ref: subnet(t).id }]] },
          ],
        },
      }),
  },
  {
    name: 'a network interface in a project subnet',
    rule: 'Isolation-NET4',
    mutate: (t) =>
      inNetwork(t, 'Eni', {
        Type: 'AWS::EC2::NetworkInterface',
        Properties: { SubnetId: { Ref: subnet(t).id } },
      }),
  },
  {
    name: 'a Lambda function in the project subnets',
    rule: 'Isolation-COMPUTE1',
    mutate: (t) =>
      inNetwork(t, 'Fn', {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: 'arn:aws:iam::111122223333:role/fn',
          Runtime: 'python3.12',
          Handler: 'index.handler',
          Code: { ZipFile: 'def handler(e, c): pass' },
          VpcConfig: {
            SubnetIds: [{ Ref: subnet(t).id }],
            SecurityGroupIds: [{ 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] }],
          },
        },
      }),
  },
  {
    name: 'an EC2 instance with the training security group',
    rule: 'Isolation-COMPUTE1',
    mutate: (t) =>
      inNetwork(t, 'Box', {
        Type: 'AWS::EC2::Instance',
        Properties: {
          ImageId: 'ami-0123456789abcdef0',
          SubnetId: { Ref: subnet(t).id },
          SecurityGroupIds: [{ 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] }],
        },
      }),
  },
  {
    name: 'a SageMaker model in the project subnets without network isolation',
    rule: 'Isolation-COMPUTE1',
    mutate: (t) =>
      inNetwork(t, 'Model', {
        Type: 'AWS::SageMaker::Model',
        Properties: {
          ExecutionRoleArn: 'arn:aws:iam::111122223333:role/serve',
          PrimaryContainer: { Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/serve:1' },
          EnableNetworkIsolation: false,
          VpcConfig: {
            Subnets: [{ Ref: subnet(t).id }],
            SecurityGroupIds: [{ 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] }],
          },
        },
      }),
  },
  {
    name: 'a DynamoDB gateway endpoint',
    rule: 'Isolation-VPCE3',
    mutate: (t) =>
      inNetwork(t, 'Ddb', {
        Type: 'AWS::EC2::VPCEndpoint',
        Properties: { VpcId: vpcRef(t), ServiceName: 'com.amazonaws.eu-west-1.dynamodb' },
      }),
  },
  {
    name: "an interface endpoint to another account's PrivateLink service",
    rule: 'Isolation-VPCE3',
    mutate: (t) =>
      (one(
        t,
        'AWS::EC2::VPCEndpoint',
        (r) => r.Properties.VpcEndpointType === 'Interface',
      ).r.Properties.ServiceName = 'com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0'),
  },
  {
    name: 'flow logs narrowed to rejected traffic',
    rule: 'Isolation-NET5',
    mutate: (t) => (one(t, 'AWS::EC2::FlowLog').r.Properties.TrafficType = 'REJECT'),
  },
  {
    name: 'the flow log deleted',
    rule: 'Isolation-NET5',
    mutate: (t) => {
      const f = one(t, 'AWS::EC2::FlowLog');
      delete t[f.file].Resources[f.id];
    },
  },
  {
    name: 'an outbound Resolver endpoint',
    rule: 'Isolation-DNS1',
    mutate: (t) =>
      inNetwork(t, 'Out', {
        Type: 'AWS::Route53Resolver::ResolverEndpoint',
        Properties: {
          Direction: 'OUTBOUND',
          IpAddresses: [{ SubnetId: { Ref: subnet(t).id } }, { SubnetId: { Ref: subnet(t).id } }],
          SecurityGroupIds: [{ 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] }],
        },
      }),
  },
  {
    name: 'DHCP options with another name server',
    rule: 'Isolation-DNS1',
    mutate: (t) => {
      inNetwork(t, 'Dhcp', {
        Type: 'AWS::EC2::DHCPOptions',
        Properties: { DomainNameServers: ['203.0.113.53'] },
      });
      inNetwork(t, 'DhcpAssoc', {
        Type: 'AWS::EC2::VPCDHCPOptionsAssociation',
        Properties: { VpcId: vpcRef(t), DhcpOptionsId: { Ref: 'Dhcp' } },
      });
    },
  },
  {
    name: 'the DNS firewall failing open',
    rule: 'Isolation-DNS1',
    mutate: (t) =>
      inNetwork(t, 'FailOpen', {
        Type: 'AWS::Route53Resolver::FirewallConfig',
        Properties: { ResourceId: vpcRef(t), FirewallFailOpen: 'ENABLED' },
      }),
  },
  {
    name: 'an attacker domain added to the DNS allowlist',
    rule: 'Isolation-DNS2',
    mutate: (t) =>
      one(
        t,
        'AWS::Route53Resolver::FirewallDomainList',
        (r) => !r.Properties.Domains.includes('*'),
      ).r.Properties.Domains.push('*.attacker.example'),
  },
  {
    name: 'the DNS catch-all turned into an alert',
    rule: 'Isolation-DNS2',
    mutate: (t) => {
      const block = ruleGroup(t).r.Properties.FirewallRules.find((r: Json) => r.Action === 'BLOCK');
      block.Action = 'ALERT';
      delete block.BlockResponse;
    },
  },
  {
    name: 'the DNS firewall blocking only A queries',
    rule: 'Isolation-DNS2',
    mutate: (t) =>
      (ruleGroup(t).r.Properties.FirewallRules.find((r: Json) => r.Action === 'BLOCK').Qtype = 'A'),
  },
  {
    name: 'the DNS firewall association removed',
    rule: 'Isolation-DNS2',
    mutate: (t) => {
      const a = one(t, 'AWS::Route53Resolver::FirewallRuleGroupAssociation');
      delete t[a.file].Resources[a.id];
    },
  },
  {
    name: 'DNS query logging removed',
    rule: 'Isolation-DNS3',
    mutate: (t) => {
      const a = one(t, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation');
      delete t[a.file].Resources[a.id];
    },
  },
  // ---- found by the adversarial review (issue 9) ----
  {
    name: 'a project subnet associated with a route table the templates do not show',
    rule: 'Isolation-NET2',
    mutate: (t) =>
      (one(t, 'AWS::EC2::SubnetRouteTableAssociation').r.Properties.RouteTableId = 'rtb-0123456789abcdef0'),
  },
  {
    name: 'egress to a prefix list given by ID',
    rule: 'Isolation-SG1',
    mutate: (t) =>
      inNetwork(t, 'ToList', {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationPrefixListId: 'pl-0123456789abcdef0',
        },
      }),
  },
  {
    name: 'egress to a customer-managed prefix list holding 0.0.0.0/0',
    rule: 'Isolation-SG1',
    mutate: (t) => {
      inNetwork(t, 'Everywhere', {
        Type: 'AWS::EC2::PrefixList',
        Properties: {
          PrefixListName: 'all',
          AddressFamily: 'IPv4',
          MaxEntries: 1,
          Entries: [{ Cidr: '0.0.0.0/0' }],
        },
      });
      inNetwork(t, 'ToEverywhere', {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          IpProtocol: '-1',
          DestinationPrefixListId: { 'Fn::GetAtt': ['Everywhere', 'PrefixListId'] },
        },
      });
    },
  },
  {
    name: 'egress to a range beyond the VPC (10.0.0.0/8)',
    rule: 'Isolation-SG1',
    mutate: (t) =>
      inNetwork(t, 'ToCorp', {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          CidrIp: '10.0.0.0/8',
        },
      }),
  },
  {
    name: "the S3 prefix-list lookup pointed at another service's list",
    rule: 'Isolation-SG1',
    mutate: (t) => {
      const list = one(t, 'Custom::IsotrainS3PrefixList').r.Properties;
      list.PrefixListName = list.PrefixListName.replace(/\.s3$/, '.dynamodb');
    },
  },
  // ---- second hunt (network half) ----
  {
    name: 'ingress to the training group from a security group the templates do not define',
    rule: 'Isolation-SG2',
    mutate: (t) =>
      inNetwork(t, 'FromElsewhere', {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          IpProtocol: '-1',
          SourceSecurityGroupId: 'sg-0123456789abcdef0',
        },
      }),
  },
  {
    name: "ingress to the training group from the group itself, as another account's group",
    rule: 'Isolation-SG2',
    mutate: (t) =>
      inNetwork(t, 'FromPeer', {
        Type: 'AWS::EC2::SecurityGroupIngress',
        Properties: {
          GroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          SourceSecurityGroupId: { 'Fn::GetAtt': [trainingSg(t).id, 'GroupId'] },
          SourceSecurityGroupOwnerId: '999988887777',
        },
      }),
  },
  {
    name: "the S3 prefix-list lookup answered by another account's function",
    rule: 'Isolation-SG1',
    mutate: (t) =>
      (one(t, 'Custom::IsotrainS3PrefixList').r.Properties.ServiceToken =
        'arn:aws:lambda:eu-west-1:999988887777:function:prefix-lists'),
  },
  {
    name: 'the egress restriction applied to another group when a condition says so',
    rule: 'Isolation-SG1',
    mutate: (t) => {
      const sg = trainingSg(t);
      t[sg.file].Conditions = { Elsewhere: { 'Fn::Equals': ['a', 'b'] } };
      for (const e of Object.values<Json>(t[sg.file].Resources).filter(
        (r) => r.Type === 'AWS::EC2::SecurityGroupEgress',
      ))
        e.Properties.GroupId = { 'Fn::If': ['Elsewhere', e.Properties.GroupId, 'sg-0123456789abcdef0'] };
    },
  },
  {
    name: 'the STS endpoint policy no longer binding the resource account (AssumeRole to a foreign role)',
    rule: 'Isolation-VPCE1',
    mutate: (t) => {
      const s = one(t, 'AWS::EC2::VPCEndpoint', (r) => /\.sts$/.test(r.Properties.ServiceName)).r.Properties
        .PolicyDocument.Statement[0];
      delete s.Condition.StringEquals['aws:ResourceAccount'];
    },
  },
  {
    name: 'the STS endpoint policy admitting any account by pattern',
    rule: 'Isolation-VPCE1',
    mutate: (t) =>
      (one(t, 'AWS::EC2::VPCEndpoint', (r) =>
        /\.sts$/.test(r.Properties.ServiceName),
      ).r.Properties.PolicyDocument.Statement[0].Condition = {
        StringLike: { 'aws:PrincipalAccount': '*', 'aws:ResourceAccount': '*' },
      }),
  },
  {
    name: 'the DNS firewall on another VPC when a condition says so',
    rule: 'Isolation-DNS2',
    mutate: (t) => {
      const a = one(t, 'AWS::Route53Resolver::FirewallRuleGroupAssociation');
      t[a.file].Conditions = { Elsewhere: { 'Fn::Equals': ['a', 'b'] } };
      a.r.Properties.VpcId = { 'Fn::If': ['Elsewhere', a.r.Properties.VpcId, 'vpc-0123456789abcdef0'] };
    },
  },
  {
    name: "a second query log delivering every name asked (blocked ones too) to another account's bucket",
    rule: 'Isolation-DNS3',
    mutate: (t) => {
      inNetwork(t, 'NamesOut', {
        Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig',
        Properties: { DestinationArn: 'arn:aws:s3:::attacker-dns-logs' },
      });
      inNetwork(t, 'NamesOutAssociation', {
        Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
        Properties: { ResolverQueryLogConfigId: { 'Fn::GetAtt': ['NamesOut', 'Id'] }, ResourceId: vpcRef(t) },
      });
    },
  },
  {
    name: "a second flow log delivering connection records to another account's bucket",
    rule: 'Isolation-NET5',
    mutate: (t) =>
      inNetwork(t, 'FlowsOut', {
        Type: 'AWS::EC2::FlowLog',
        Properties: {
          ResourceId: vpcRef(t),
          ResourceType: 'VPC',
          TrafficType: 'ALL',
          LogDestinationType: 's3',
          LogDestination: 'arn:aws:s3:::attacker-flow-logs',
        },
      }),
  },
  {
    name: "a rule group allowing every name, its association's priority left to a condition",
    rule: 'Isolation-DNS2',
    mutate: (t) => {
      const a = one(t, 'AWS::Route53Resolver::FirewallRuleGroupAssociation');
      const everything = one(t, 'AWS::Route53Resolver::FirewallDomainList', (r) =>
        (r.Properties.Domains ?? []).includes('*'),
      );
      t[a.file].Conditions = { Early: { 'Fn::Equals': ['a', 'a'] } };
      inNetwork(t, 'OpenGroup', {
        Type: 'AWS::Route53Resolver::FirewallRuleGroup',
        Properties: {
          FirewallRules: [
            { Action: 'ALLOW', Priority: 1, FirewallDomainListId: { 'Fn::GetAtt': [everything.id, 'Id'] } },
          ],
        },
      });
      inNetwork(t, 'OpenAssociation', {
        Type: 'AWS::Route53Resolver::FirewallRuleGroupAssociation',
        Properties: {
          FirewallRuleGroupId: { 'Fn::GetAtt': ['OpenGroup', 'Id'] },
          VpcId: vpcRef(t),
          Priority: { 'Fn::If': ['Early', 100, 9000] },
        },
      });
    },
  },
  {
    name: 'a resource share of every subnet of the account, by ARN pattern, with another account',
    rule: 'Isolation-NET4',
    mutate: (t) =>
      inNetwork(t, 'ShareAll', {
        Type: 'AWS::RAM::ResourceShare',
        Properties: {
          Name: 'everything',
          Principals: ['999988887777'],
          ResourceArns: ['arn:aws:ec2:eu-west-1:111122223333:subnet/*'],
        },
      }),
  },
];

mutationSuite(MUTANTS);
