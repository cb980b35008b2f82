import { Match } from 'aws-cdk-lib/assertions';
import { project, synthProject } from '../helpers';

describe('IsolatedNetwork', () => {
  const { network } = synthProject(
    project({
      network: { cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    }),
  );

  test('no internet gateway, NAT, egress-only gateway, VPN or peering exists', () => {
    for (const type of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::NatGateway',
      'AWS::EC2::EgressOnlyInternetGateway',
      'AWS::EC2::VPNGateway',
      'AWS::EC2::VPCPeeringConnection',
      'AWS::EC2::TransitGatewayAttachment',
    ]) {
      network.resourceCountIs(type, 0);
    }
  });

  test('one isolated subnet per configured zone, none mapping public IPs', () => {
    const subnets = network.findResources('AWS::EC2::Subnet');
    expect(
      Object.values(subnets)
        .map((s) => s.Properties.AvailabilityZone)
        .sort(),
    ).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    for (const s of Object.values(subnets)) expect(s.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  test('no route leaves the VPC', () => {
    network.resourceCountIs('AWS::EC2::Route', 0);
  });

  test('the default security group is emptied', () => {
    network.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('training security group: HTTPS to the S3 prefix list and all traffic with itself, no 0.0.0.0/0', () => {
    const [sgId] = Object.keys(
      network.findResources('AWS::EC2::SecurityGroup', {
        Properties: { GroupDescription: Match.stringLikeRegexp('training') },
      }),
    );
    network.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('training'),
      SecurityGroupEgress: Match.absent(),
    });
    network.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      DestinationPrefixListId: { 'Fn::GetAtt': [Match.stringLikeRegexp('S3PrefixList'), 'PrefixListId'] },
    });
    network.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      IpProtocol: '-1',
      SourceSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    network.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      IpProtocol: '-1',
      DestinationSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    });
    const json = JSON.stringify(network.toJSON());
    expect(json).not.toContain('0.0.0.0/0');
    expect(json).not.toContain('::/0');
  });

  test('the S3 prefix list is looked up at deploy time for the stack region', () => {
    network.hasResourceProperties('Custom::IsotrainS3PrefixList', {
      PrefixListName: 'com.amazonaws.eu-west-1.s3',
    });
  });

  test('flow logs record all traffic into a KMS-encrypted log group with retention', () => {
    network.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    network.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 365,
    });
  });

  test('fails when fewer than two zones are given', () => {
    expect(() =>
      synthProject({
        ...project(),
        network: { cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a'], interfaceEndpoints: [] },
      }),
    ).toThrow(/availabilityZones must list at least 2 zones, got \["eu-west-1a"\]/);
  });
});
