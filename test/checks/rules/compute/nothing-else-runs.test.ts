import { findingsOf, groupId, network, ref, res } from '../coverage-support';

const inNetwork = (type: string, props: Record<string, unknown>) =>
  findingsOf((s) => {
    network(s);
    res(s, 'X', type, props);
  })['Isolation-COMPUTE1'];

const model = (props: Record<string, unknown>) =>
  inNetwork('AWS::SageMaker::Model', {
    ExecutionRoleArn: 'arn:aws:iam::111122223333:role/serve',
    EnableNetworkIsolation: true,
    VpcConfig: { Subnets: [ref('SubnetA'), ref('SubnetB')], SecurityGroupIds: [groupId('Sg')] },
    ...props,
  });

describe('Isolation-COMPUTE1 nothing but isolated SageMaker runs in the project network', () => {
  test('passes the bare network', () => {
    expect(findingsOf(network)['Isolation-COMPUTE1']).toBeUndefined();
  });
  test('passes a SageMaker model with network isolation in the project subnets (the serving design)', () => {
    expect(model({})).toBeUndefined();
  });
  test('fails when the model runs without network isolation', () => {
    expect(model({ EnableNetworkIsolation: false })).toEqual([
      'SubnetA: AWS::SageMaker::Model X: network isolation off',
    ]);
  });
  test('fails when the model also uses a subnet outside the project', () => {
    expect(
      model({
        VpcConfig: { Subnets: [ref('SubnetA'), 'subnet-elsewhere'], SecurityGroupIds: [groupId('Sg')] },
      }),
    ).toEqual(['SubnetA: AWS::SageMaker::Model X: subnets outside the project']);
  });
  test.each([
    [
      'AWS::Lambda::Function',
      { Role: 'r', VpcConfig: { SubnetIds: [ref('SubnetA')], SecurityGroupIds: [groupId('Sg')] } },
      'SubnetA',
    ],
    [
      'AWS::EC2::LaunchTemplate',
      { LaunchTemplateData: { NetworkInterfaces: [{ SubnetId: ref('SubnetB') }] } },
      'SubnetB',
    ],
    [
      'AWS::ECS::Service',
      { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [ref('SubnetA')] } } },
      'SubnetA',
    ],
    ['AWS::EKS::Cluster', { ResourcesVpcConfig: { SubnetIds: [ref('SubnetA')] }, RoleArn: 'r' }, 'SubnetA'],
    [
      'AWS::Glue::Connection',
      { ConnectionInput: { PhysicalConnectionRequirements: { SubnetId: ref('SubnetA') } } },
      'SubnetA',
    ],
    [
      'AWS::RDS::DBSubnetGroup',
      { SubnetIds: [ref('SubnetA'), ref('SubnetB')], DBSubnetGroupDescription: 'x' },
      'SubnetA',
    ],
    [
      'AWS::SageMaker::NotebookInstance',
      { SubnetId: ref('SubnetA'), SecurityGroupIds: [groupId('Sg')], DirectInternetAccess: 'Disabled' },
      'SubnetA',
    ],
    ['AWS::SageMaker::Domain', { VpcId: ref('Vpc'), SubnetIds: [ref('SubnetA')] }, 'Vpc'],
    ['AWS::Batch::ComputeEnvironment', { ComputeResources: { SecurityGroupIds: [groupId('Sg')] } }, 'Sg'],
  ])('fails on a %s, once, on the first network resource it uses', (type, props, anchor) => {
    expect(inNetwork(type, props)).toEqual([`${anchor}: ${type} X`]);
  });
  test('fails on a scheduled ECS task whose target runs in the subnets, not on a rule that only matches them', () => {
    const f = findingsOf((s) => {
      network(s);
      res(s, 'Watch', 'AWS::Events::Rule', { EventPattern: { detail: { subnets: [ref('SubnetA')] } } });
      res(s, 'Task', 'AWS::Events::Rule', {
        ScheduleExpression: 'rate(1 hour)',
        Targets: [
          {
            Id: 't',
            Arn: 'arn:cluster',
            EcsParameters: { NetworkConfiguration: { AwsVpcConfiguration: { Subnets: [ref('SubnetB')] } } },
          },
        ],
      });
    });
    expect(f['Isolation-COMPUTE1']).toEqual(['SubnetB: AWS::Events::Rule Task']);
  });
});
