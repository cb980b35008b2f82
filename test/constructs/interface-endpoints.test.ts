import { endpointId } from '../../constructs/interface-endpoints';
import { project, synthProject } from '../helpers';

describe('InterfaceEndpoints', () => {
  test('none unless the project asks', () => {
    const { network } = synthProject(project());
    network.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });

  describe('when asked for', () => {
    const { network } = synthProject(
      project({
        network: {
          cidr: '10.40.0.0/16',
          availabilityZones: ['eu-west-1a', 'eu-west-1b'],
          interfaceEndpoints: ['sagemaker.api', 'sts'],
        },
      }),
    );
    const endpoints = Object.values(network.findResources('AWS::EC2::VPCEndpoint'));

    test('one interface endpoint per requested service, private DNS on', () => {
      expect(endpoints.map((e) => e.Properties.ServiceName).sort()).toEqual([
        'com.amazonaws.eu-west-1.sagemaker.api',
        'com.amazonaws.eu-west-1.sts',
      ]);
      for (const e of endpoints)
        expect(e.Properties).toMatchObject({ VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    });

    test('each policy admits only principals and resources of this account', () => {
      for (const e of endpoints) {
        expect(e.Properties.PolicyDocument.Statement).toEqual([
          expect.objectContaining({
            Effect: 'Allow',
            Condition: {
              StringEquals: { 'aws:PrincipalAccount': '111122223333', 'aws:ResourceAccount': '111122223333' },
            },
          }),
        ]);
      }
    });

    test('HTTPS ingress from inside the VPC only, and no egress', () => {
      network.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'isotrain interface endpoints: HTTPS from inside the VPC only',
        SecurityGroupIngress: [
          {
            CidrIp: '10.40.0.0/16',
            FromPort: 443,
            ToPort: 443,
            IpProtocol: 'tcp',
            Description: 'HTTPS from the VPC',
          },
        ],
        SecurityGroupEgress: [
          {
            CidrIp: '255.255.255.255/32',
            IpProtocol: 'icmp',
            FromPort: 252,
            ToPort: 86,
            Description: 'Disallow all traffic',
          },
        ],
      });
    });
  });

  test('construct IDs are stable per service', () => {
    expect(endpointId('sagemaker.api')).toBe('SagemakerApi');
    expect(endpointId('ecr.dkr')).toBe('EcrDkr');
  });
});
