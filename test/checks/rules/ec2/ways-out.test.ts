import { findingsOf, groupId, network, ref, res } from '../coverage-support';

describe('Isolation-NET1 connections to the outside, by type', () => {
  test.each([
    [
      'AWS::EC2::TransitGatewayVpcAttachment',
      { TransitGatewayId: 'tgw-1', VpcId: ref('Vpc'), SubnetIds: [ref('SubnetA')] },
    ],
    ['AWS::EC2::CarrierGateway', { VpcId: ref('Vpc') }],
    [
      'AWS::EC2::LocalGatewayRouteTableVPCAssociation',
      { LocalGatewayRouteTableId: 'lgw-rtb-1', VpcId: ref('Vpc') },
    ],
    [
      'AWS::VpcLattice::ServiceNetworkVpcAssociation',
      { ServiceNetworkIdentifier: 'sn-1', VpcIdentifier: ref('Vpc') },
    ],
    [
      'AWS::EC2::ClientVpnTargetNetworkAssociation',
      { ClientVpnEndpointId: 'cvpn-1', SubnetId: ref('SubnetA') },
    ],
    [
      'AWS::EC2::NetworkInterfacePermission',
      { NetworkInterfaceId: 'eni-1', AwsAccountId: '999988887777', Permission: 'INSTANCE-ATTACH' },
    ],
    ['AWS::NetworkManager::VpcAttachment', { CoreNetworkId: 'core-1', VpcArn: 'arn', SubnetArns: [] }],
    [
      'AWS::EC2::VPCEndpointService',
      {
        NetworkLoadBalancerArns: ['arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/x/1'],
      },
    ],
  ])('fails when the template has an %s, naming it', (type, props) => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'Out', type, props);
    });
    expect(f['Isolation-NET1']).toEqual(['Out']);
  });
  test('passes an isolated VPC', () => {
    expect(findingsOf(network)['Isolation-NET1']).toBeUndefined();
  });
});

describe('Isolation-NET2 routes', () => {
  const route = (props: Record<string, unknown>) =>
    findingsOf((s) => res(s, 'R', 'AWS::EC2::Route', { RouteTableId: 'rtb-1', ...props }))['Isolation-NET2'];
  test('passes the local route', () => {
    expect(route({ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' })).toBeUndefined();
  });
  test.each([
    [{ DestinationCidrBlock: '10.9.0.0/16', VpcEndpointId: 'vpce-1' }, 'VpcEndpointId vpce-1'],
    [{ DestinationCidrBlock: '192.168.0.0/16', TransitGatewayId: 'tgw-1' }, 'TransitGatewayId tgw-1'],
    [{ DestinationPrefixListId: 'pl-1', NetworkInterfaceId: 'eni-1' }, 'NetworkInterfaceId eni-1'],
    [{ DestinationCidrBlock: '0.0.0.0/0', CoreNetworkArn: 'arn:core' }, 'CoreNetworkArn arn:core'],
  ])('fails when a route goes through %j', (props, why) => {
    expect(route(props)).toEqual([expect.stringContaining(why)]);
  });
});

describe('Isolation-NET3 public and routable addresses', () => {
  test('passes a subnet without public or IPv6 addresses', () => {
    expect(findingsOf(network)['Isolation-NET3']).toBeUndefined();
  });
  test.each([
    ['AWS::EC2::EIP', { Domain: 'vpc' }, 'public (Elastic) IP'],
    ['AWS::EC2::VPCCidrBlock', { VpcId: ref('Vpc'), AmazonProvidedIpv6CidrBlock: true }, 'IPv6'],
    [
      'AWS::EC2::Subnet',
      { VpcId: ref('Vpc'), MapCustomerOwnedIpOnLaunch: true, CustomerOwnedIpv4Pool: 'pool' },
      'customer-owned',
    ],
  ])('fails on %s', (type, props, why) => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'X', type, props);
    });
    expect(f['Isolation-NET3']).toEqual([expect.stringContaining(why)]);
  });
});

describe('Isolation-NET4 other network resources attached', () => {
  test('passes the network itself: subnets, route tables, endpoints, flow logs', () => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'Rt', 'AWS::EC2::RouteTable', { VpcId: ref('Vpc') });
      res(s, 'Ep', 'AWS::EC2::VPCEndpoint', { VpcId: ref('Vpc'), ServiceName: 'com.amazonaws.eu-west-1.s3' });
      res(s, 'Param', 'AWS::SSM::Parameter', { Type: 'String', Value: ref('SubnetA') });
    });
    expect(f['Isolation-NET4']).toBeUndefined();
  });
  test('fails when the subnets are shared through RAM, once, on the subnet', () => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'Share', 'AWS::RAM::ResourceShare', {
        Name: 'x',
        ResourceArns: [ref('SubnetA'), ref('SubnetB')],
      });
    });
    expect(f['Isolation-NET4']).toEqual(['SubnetA: AWS::RAM::ResourceShare Share']);
  });
  const shareOf = (arns: string[]) =>
    findingsOf((s) => {
      network(s);
      res(s, 'Share', 'AWS::RAM::ResourceShare', {
        Name: 'x',
        Principals: ['999988887777'],
        ResourceArns: arns,
      });
    })['Isolation-NET4'];
  test("passes a share of other resources by pattern (the account's prefix lists)", () => {
    expect(shareOf(['arn:aws:ec2:eu-west-1:111122223333:prefix-list/*'])).toBeUndefined();
  });
  test('fails when a share names every subnet of the account by pattern', () => {
    expect(shareOf(['arn:aws:ec2:eu-west-1:111122223333:subnet/*'])).toEqual([
      'SubnetA: AWS::RAM::ResourceShare Share',
      'SubnetB: AWS::RAM::ResourceShare Share',
    ]);
  });
  test('fails on an EC2 type it does not know (conservative)', () => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'New', 'AWS::EC2::SomethingNew', { VpcId: ref('Vpc') });
    });
    expect(f['Isolation-NET4']).toEqual(['Vpc: AWS::EC2::SomethingNew New']);
  });
});

describe('Isolation-VPCE3 endpoint services', () => {
  const endpoint = (props: Record<string, unknown>) =>
    findingsOf((s) => {
      network(s);
      res(s, 'Ep', 'AWS::EC2::VPCEndpoint', { VpcId: ref('Vpc'), ...props });
    })['Isolation-VPCE3'];
  test('passes the S3 gateway endpoint and an allowlisted interface endpoint', () => {
    expect(endpoint({ ServiceName: 'com.amazonaws.eu-west-1.s3' })).toBeUndefined();
    expect(
      endpoint({
        ServiceName: 'com.amazonaws.eu-west-1.sts',
        VpcEndpointType: 'Interface',
        SecurityGroupIds: [groupId('Sg')],
      }),
    ).toBeUndefined();
  });
  test.each([
    [{ ServiceName: 'com.amazonaws.eu-west-1.dynamodb' }, 'gateway endpoint to dynamodb'],
    [
      { ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-1234', VpcEndpointType: 'Interface' },
      'PrivateLink',
    ],
    [{ ServiceName: 'com.amazonaws.us-east-1.sts', VpcEndpointType: 'Interface' }, 'another region'],
    [
      {
        ServiceName: 'com.amazonaws.eu-west-1.sts',
        ServiceRegion: 'us-east-1',
        VpcEndpointType: 'Interface',
      },
      'another region',
    ],
    [
      {
        ServiceNetworkArn: 'arn:aws:vpc-lattice:eu-west-1:999988887777:servicenetwork/sn-1',
        VpcEndpointType: 'ServiceNetwork',
      },
      'Lattice',
    ],
    [
      { ServiceName: 'com.amazonaws.eu-west-1.secretsmanager', VpcEndpointType: 'Interface' },
      'not in the allowlist',
    ],
  ])('fails on %j', (props, why) => {
    expect(endpoint(props)).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
  });
});

describe('Isolation-NET5 flow logs', () => {
  const withLog = (props: Record<string, unknown>) =>
    findingsOf((s) => {
      network(s);
      res(s, 'Group', 'AWS::Logs::LogGroup', {
        KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1',
        RetentionInDays: 365,
      });
      res(s, 'Flow', 'AWS::EC2::FlowLog', {
        ResourceId: ref('Vpc'),
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: ref('Group'),
        ...props,
      });
    })['Isolation-NET5'];
  test('passes a flow log of all traffic into a log group of the app', () => {
    expect(withLog({})).toBeUndefined();
  });
  test('fails without a flow log', () => {
    expect(findingsOf(network)['Isolation-NET5']).toEqual(['Vpc: no flow log']);
  });
  test.each([
    [{ TrafficType: 'ACCEPT' }, 'not ALL'],
    [{ LogFormat: '${srcaddr} ${action}' }, 'leaves out dstaddr'],
    [{ LogGroupName: 'somebody-elses-group' }, 'outside the app'],
    [{ DeliverCrossAccountRole: 'arn:aws:iam::999988887777:role/x' }, 'another account'],
  ])('fails when the flow log has %j', (props, why) => {
    expect(withLog(props)).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
  });
  test('fails when the flow log records another resource whenever a condition says so', () => {
    expect(withLog({ ResourceId: { 'Fn::If': ['Other', 'vpc-0123', ref('Vpc')] } })).toEqual([
      'Vpc: no flow log',
    ]);
  });
  const second = (props: Record<string, unknown>) =>
    findingsOf((s) => {
      res(s, 'Bucket', 'AWS::S3::Bucket', {});
      res(s, 'Second', 'AWS::EC2::FlowLog', {
        ResourceId: 'vpc-0123',
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 's3',
        ...props,
      });
    })['Isolation-NET5'];
  test('passes a second flow log into a bucket of the app', () => {
    expect(second({ LogDestination: { 'Fn::GetAtt': ['Bucket', 'Arn'] } })).toBeUndefined();
  });
  test("fails when a second flow log delivers to another account's bucket", () => {
    expect(second({ LogDestination: 'arn:aws:s3:::somebody-elses-flow-logs' })).toEqual([
      'Second: delivers to arn:aws:s3:::somebody-elses-flow-logs, outside the app',
    ]);
  });
});
