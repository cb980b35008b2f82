import { isolationFindings, ref, res } from '../support';

const vpc = (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
  res(s, 'Vpc', 'AWS::EC2::VPC', { CidrBlock: '10.0.0.0/16' });

describe('Isolation-NET1 no gateways, attachments or peering', () => {
  test('passes an isolated VPC', () => {
    expect(isolationFindings((s) => vpc(s))['Isolation-NET1']).toBeUndefined();
  });
  test.each([
    'AWS::EC2::InternetGateway',
    'AWS::EC2::NatGateway',
    'AWS::EC2::VPCPeeringConnection',
    'AWS::EC2::TransitGatewayAttachment',
  ])('fails when the template has an %s', (type) => {
    expect(isolationFindings((s) => res(s, 'Gw', type))['Isolation-NET1']).toEqual(['Gw']);
  });
});

describe('Isolation-NET2 no route out', () => {
  test('passes the local route', () => {
    const f = isolationFindings((s) =>
      res(s, 'R', 'AWS::EC2::Route', {
        RouteTableId: 'rtb-1',
        DestinationCidrBlock: '10.1.0.0/16',
        GatewayId: 'local',
      }),
    );
    expect(f['Isolation-NET2']).toBeUndefined();
  });
  test('fails when a route goes to 0.0.0.0/0', () => {
    const f = isolationFindings((s) =>
      res(s, 'R', 'AWS::EC2::Route', {
        RouteTableId: 'rtb-1',
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: 'igw-1',
      }),
    );
    expect(f['Isolation-NET2']).toEqual(['R']);
  });
  test('fails when an IPv6 default route exists', () => {
    const f = isolationFindings((s) =>
      res(s, 'R', 'AWS::EC2::Route', {
        RouteTableId: 'rtb-1',
        DestinationIpv6CidrBlock: '::/0',
        EgressOnlyInternetGatewayId: 'eigw-1',
      }),
    );
    expect(f['Isolation-NET2']).toEqual(['R']);
  });
});

describe('Isolation-NET3 no public IPs', () => {
  test('passes a subnet that maps no public IPs', () => {
    const f = isolationFindings((s) =>
      res(s, 'Sub', 'AWS::EC2::Subnet', { VpcId: ref('Vpc'), MapPublicIpOnLaunch: false }),
    );
    expect(f['Isolation-NET3']).toBeUndefined();
  });
  test('fails when the subnet maps public IPs', () => {
    const f = isolationFindings((s) =>
      res(s, 'Sub', 'AWS::EC2::Subnet', { VpcId: 'vpc-1', MapPublicIpOnLaunch: true }),
    );
    expect(f['Isolation-NET3']).toEqual(['Sub']);
  });
});

describe('Isolation-SG1 no open egress', () => {
  const noTraffic = [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }];
  test('passes a group whose only inline rule matches no traffic', () => {
    const f = isolationFindings((s) => {
      vpc(s);
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', {
        GroupDescription: 'x',
        VpcId: ref('Vpc'),
        SecurityGroupEgress: noTraffic,
      });
    });
    expect(f['Isolation-SG1']).toBeUndefined();
  });
  test('passes a group whose egress rules are separate resources', () => {
    const f = isolationFindings((s) => {
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x', VpcId: 'vpc-1' });
      res(s, 'S3List', 'Custom::S3PrefixList', { PrefixListName: 'com.amazonaws.eu-west-1.s3' });
      res(s, 'Out', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        DestinationPrefixListId: { 'Fn::GetAtt': ['S3List', 'PrefixListId'] },
      });
    });
    expect(f['Isolation-SG1']).toBeUndefined();
  });
  test("fails when egress goes to a prefix list given by ID, or another service's list", () => {
    const f = isolationFindings((s) => {
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x', VpcId: 'vpc-1' });
      res(s, 'Ddb', 'Custom::S3PrefixList', { PrefixListName: 'com.amazonaws.eu-west-1.dynamodb' });
      res(s, 'ById', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: 'tcp',
        DestinationPrefixListId: 'pl-1',
      });
      res(s, 'ToDdb', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: 'tcp',
        DestinationPrefixListId: { 'Fn::GetAtt': ['Ddb', 'PrefixListId'] },
      });
    });
    expect(f['Isolation-SG1']).toEqual(['ById', 'ToDdb']);
  });
  test("passes the S3 list looked up by the templates' function, fails one looked up by another account's", () => {
    const f = isolationFindings((s) => {
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x', VpcId: 'vpc-1' });
      res(s, 'Handler', 'AWS::Lambda::Function', { Role: 'r', Code: { ZipFile: 'x' } });
      res(s, 'Own', 'Custom::S3PrefixList', {
        ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] },
        PrefixListName: 'com.amazonaws.eu-west-1.s3',
      });
      res(s, 'Theirs', 'Custom::S3PrefixList', {
        ServiceToken: 'arn:aws:lambda:eu-west-1:999988887777:function:lists',
        PrefixListName: 'com.amazonaws.eu-west-1.s3',
      });
      for (const list of ['Own', 'Theirs'])
        res(s, `To${list}`, 'AWS::EC2::SecurityGroupEgress', {
          GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationPrefixListId: { 'Fn::GetAtt': [list, 'PrefixListId'] },
        });
    });
    expect(f['Isolation-SG1']).toEqual(['ToTheirs']);
  });
  test('fails when the only egress rules may belong to another group (Fn::If): AWS keeps allow-all', () => {
    const f = isolationFindings((s) => {
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x', VpcId: 'vpc-1' });
      res(s, 'Out', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::If': ['Elsewhere', 'sg-0123', { 'Fn::GetAtt': ['Sg', 'GroupId'] }] },
        IpProtocol: 'tcp',
        CidrIp: '10.0.0.0/16',
      });
    });
    expect(f['Isolation-SG1']).toEqual(expect.arrayContaining(['Sg']));
  });
  test('passes egress within the VPC range and fails egress beyond it', () => {
    const f = isolationFindings((s) => {
      vpc(s);
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x', VpcId: ref('Vpc') });
      res(s, 'Inside', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: '-1',
        CidrIp: '10.0.1.0/24',
      });
      res(s, 'Beyond', 'AWS::EC2::SecurityGroupEgress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: '-1',
        CidrIp: '10.0.0.0/8',
      });
    });
    expect(f['Isolation-SG1']).toEqual(['Beyond']);
  });
  test('fails when egress goes to 0.0.0.0/0 (CDK allowAllOutbound default)', () => {
    const f = isolationFindings((s) =>
      res(s, 'Sg', 'AWS::EC2::SecurityGroup', {
        GroupDescription: 'x',
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
      }),
    );
    expect(f['Isolation-SG1']).toEqual(['Sg']);
  });
  test('fails when the group has no egress rule at all (AWS adds allow-all)', () => {
    const f = isolationFindings((s) => res(s, 'Sg', 'AWS::EC2::SecurityGroup', { GroupDescription: 'x' }));
    expect(f['Isolation-SG1']).toEqual(['Sg']);
  });
  test('fails when a separate egress rule opens ::/0', () => {
    const f = isolationFindings((s) =>
      res(s, 'Out', 'AWS::EC2::SecurityGroupEgress', { GroupId: 'sg-1', IpProtocol: '-1', CidrIpv6: '::/0' }),
    );
    expect(f['Isolation-SG1']).toEqual(['Out']);
  });
});

describe('Isolation-SG2 no ingress from outside the VPC', () => {
  const sg = (ingress: unknown[]) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) => {
    vpc(s);
    res(s, 'Sg', 'AWS::EC2::SecurityGroup', {
      GroupDescription: 'x',
      VpcId: ref('Vpc'),
      SecurityGroupIngress: ingress,
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }],
    });
  };
  test('passes HTTPS from inside the VPC CIDR', () => {
    expect(
      isolationFindings(sg([{ CidrIp: '10.0.4.0/24', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }]))[
        'Isolation-SG2'
      ],
    ).toBeUndefined();
  });
  test('fails when ingress comes from a range beyond the VPC', () => {
    expect(
      isolationFindings(sg([{ CidrIp: '192.168.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }]))[
        'Isolation-SG2'
      ],
    ).toEqual(['Sg']);
  });
  test('passes ingress from the group itself and from another group of the templates', () => {
    const f = isolationFindings((s) => {
      sg([{ SourceSecurityGroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, IpProtocol: '-1' }])(s);
      res(s, 'Endpoints', 'AWS::EC2::SecurityGroup', {
        GroupDescription: 'y',
        VpcId: ref('Vpc'),
        SecurityGroupEgress: [
          { CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 },
        ],
        SecurityGroupIngress: [
          {
            SourceSecurityGroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
            IpProtocol: 'tcp',
            FromPort: 443,
            ToPort: 443,
          },
        ],
      });
    });
    expect(f['Isolation-SG2']).toBeUndefined();
  });
  test.each([
    ['a group the templates do not define', { SourceSecurityGroupId: 'sg-0123456789abcdef0' }],
    [
      "another account's group",
      {
        SourceSecurityGroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        SourceSecurityGroupOwnerId: '999988887777',
      },
    ],
  ])('fails when ingress comes from %s', (_name, source) => {
    const f = isolationFindings((s) => {
      sg([])(s);
      res(s, 'In', 'AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: '-1',
        ...source,
      });
    });
    expect(f['Isolation-SG2']).toEqual(['In']);
  });
  test('fails when a separate ingress rule admits 0.0.0.0/0', () => {
    const f = isolationFindings((s) => {
      sg([])(s);
      res(s, 'In', 'AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] },
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        CidrIp: '0.0.0.0/0',
      });
    });
    expect(f['Isolation-SG2']).toEqual(['In']);
  });
});

describe('Isolation-VPCE1 interface endpoints', () => {
  const endpoint =
    (service: string, policy?: unknown) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) =>
      res(s, 'Ep', 'AWS::EC2::VPCEndpoint', {
        VpcId: 'vpc-1',
        VpcEndpointType: 'Interface',
        ServiceName: `com.amazonaws.eu-west-1.${service}`,
        PolicyDocument: policy,
      });
  const accountOnly = {
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:ResourceAccount': '111122223333' },
        },
      },
    ],
  };
  const withCondition = (condition: unknown, action: unknown = '*') => ({
    Statement: [
      { Effect: 'Allow', Principal: { AWS: '*' }, Action: action, Resource: '*', Condition: condition },
    ],
  });
  test('passes an allowlisted service with an account-scoped policy', () => {
    expect(isolationFindings(endpoint('sts', accountOnly))['Isolation-VPCE1']).toBeUndefined();
  });
  test('passes a policy that allows only some calls, by and on this account', () => {
    const some = withCondition(
      { StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:ResourceAccount': '111122223333' } },
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
    );
    expect(isolationFindings(endpoint('logs', some))['Isolation-VPCE1']).toBeUndefined();
  });
  test('fails when the policy binds the principal but not the resource account (AssumeRole to a foreign role)', () => {
    const f = isolationFindings(
      endpoint('sts', withCondition({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })),
    );
    expect(f['Isolation-VPCE1']).toEqual(['Ep']);
  });
  test.each([
    ['any account by pattern', { StringLike: { 'aws:PrincipalAccount': '*' } }],
    ['a second account', { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '999988887777'] } }],
    [
      'the organization only',
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc', 'aws:ResourceOrgID': 'o-abc' } },
    ],
  ])('fails when the policy admits other accounts: %s', (_name, condition) => {
    expect(isolationFindings(endpoint('logs', withCondition(condition)))['Isolation-VPCE1']).toEqual(['Ep']);
  });
  test('fails when the endpoint has no policy', () => {
    expect(isolationFindings(endpoint('sts'))['Isolation-VPCE1']).toEqual(['Ep']);
  });
  test('fails when the policy allows everything', () => {
    const open = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    expect(isolationFindings(endpoint('logs', open))['Isolation-VPCE1']).toEqual(['Ep']);
  });
  test('fails when the service is not on the allowlist', () => {
    expect(isolationFindings(endpoint('secretsmanager', accountOnly))['Isolation-VPCE1']).toEqual(['Ep']);
  });
});

describe('Isolation-VPCE2 S3 gateway endpoint policy names buckets', () => {
  const gateway = (resources: unknown) => (s: Parameters<Parameters<typeof isolationFindings>[0]>[0]) => {
    res(s, 'Data', 'AWS::S3::Bucket', {});
    res(s, 'Ep', 'AWS::EC2::VPCEndpoint', {
      VpcId: 'vpc-1',
      ServiceName: 'com.amazonaws.eu-west-1.s3',
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 's3:GetObject',
            Resource: resources,
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/training' } },
          },
        ],
      },
    });
  };
  test("passes a policy that lists the app's buckets", () => {
    const f = isolationFindings(
      gateway([
        { 'Fn::GetAtt': ['Data', 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Data', 'Arn'] }, '/*']] },
      ]),
    );
    expect(f['Isolation-VPCE2']).toBeUndefined();
  });
  test('fails when the policy allows every resource', () => {
    expect(isolationFindings(gateway('*'))['Isolation-VPCE2']).toEqual(['Ep']);
  });
  test('fails when the policy names a bucket outside the app', () => {
    expect(isolationFindings(gateway('arn:aws:s3:::someone-elses-bucket/*'))['Isolation-VPCE2']).toEqual([
      'Ep',
    ]);
  });
  test('fails when the endpoint has no policy', () => {
    const f = isolationFindings((s) =>
      res(s, 'Ep', 'AWS::EC2::VPCEndpoint', { VpcId: 'vpc-1', ServiceName: 'com.amazonaws.eu-west-1.s3' }),
    );
    expect(f['Isolation-VPCE2']).toEqual(['Ep']);
  });
});
