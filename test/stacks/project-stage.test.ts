import { Template } from 'aws-cdk-lib/assertions';
import { ProjectStage } from '../../lib/infra/project-stage';
import { PROJECT_OUTPUTS, parameterName } from '../../lib/contract';
import { newApp, project } from '../helpers';

describe('ProjectStage', () => {
  const app = newApp();
  const legal = new ProjectStage(app, { project: project() });
  const hr = new ProjectStage(app, {
    project: project({
      name: 'hr',
      network: { cidr: '10.41.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
      training: { ecrRepositories: ['finetune'], createSageMakerLogGroup: false },
    }),
  });
  const stacks = (s: ProjectStage) => [s.keys, s.network, s.data];

  test('a Stage named after the project, with stacks named after it', () => {
    expect(legal.stageName).toBe('legal');
    expect(stacks(legal).map((s) => s.stackName)).toEqual(['legal-Keys', 'legal-Network', 'legal-Data']);
  });

  test('every stack deploys to the project account and region', () => {
    for (const s of stacks(legal)) {
      expect(s.account).toBe('111122223333');
      expect(s.region).toBe('eu-west-1');
    }
  });

  test('stateful stacks are termination-protected; the network is not', () => {
    expect(stacks(legal).map((s) => [s.node.id, s.terminationProtection])).toEqual([
      ['Keys', true],
      ['Network', false],
      ['Data', true],
    ]);
  });

  test('every taggable resource carries the project, owner and classification tags', () => {
    for (const stack of stacks(legal)) {
      const t = Template.fromStack(stack);
      for (const type of [
        'AWS::S3::Bucket',
        'AWS::KMS::Key',
        'AWS::EC2::VPC',
        'AWS::IAM::Role',
        'AWS::Logs::LogGroup',
      ]) {
        for (const r of Object.values(t.findResources(type))) {
          expect(r.Properties.Tags).toEqual(
            expect.arrayContaining([
              { Key: 'isotrain:project', Value: 'legal' },
              { Key: 'isotrain:owner', Value: 'ml-platform@example.com' },
              { Key: 'isotrain:data-classification', Value: 'confidential' },
            ]),
          );
        }
      }
    }
  });

  test('every launcher value is a stack output and an SSM parameter under /isotrain/<project>/', () => {
    const outputs: string[] = [];
    const parameters: string[] = [];
    for (const stack of stacks(legal)) {
      const t = Template.fromStack(stack);
      outputs.push(...Object.keys(t.findOutputs('*')).filter((k) => k in PROJECT_OUTPUTS));
      for (const p of Object.values(t.findResources('AWS::SSM::Parameter')))
        parameters.push(p.Properties.Name);
    }
    for (const key of [
      'VpcId',
      'SubnetIds',
      'TrainingSecurityGroupId',
      'S3EndpointId',
      'TrainingDataBucket',
      'ArtifactsBucket',
      'DataKeyArn',
      'ArtifactsKeyArn',
      'TrainingRoleArn',
    ]) {
      expect(outputs).toContain(key);
    }
    expect(parameters.sort()).toEqual(
      outputs.map((k) => parameterName('legal', k as keyof typeof PROJECT_OUTPUTS)).sort(),
    );
  });

  test('two projects share nothing: no physical name, no reference and no role reaches the other', () => {
    const names = (s: ProjectStage) =>
      stacks(s).flatMap((stack) => {
        const json = Template.fromStack(stack).toJSON();
        return Object.values(json.Resources as Record<string, any>).flatMap((r) =>
          ['BucketName', 'RoleName', 'LogGroupName', 'Name', 'AliasName', 'TrailName']
            .map((k) => r.Properties?.[k])
            .filter((v) => typeof v === 'string'),
        );
      });
    const shared = names(legal).filter((n) => names(hr).includes(n));
    expect(shared).toEqual([]);
    for (const stack of stacks(hr)) {
      const json = JSON.stringify(Template.fromStack(stack).toJSON());
      expect(json).not.toMatch(/legal-(Keys|Network|Data)/);
      expect(json).not.toContain('/isotrain/legal/');
      expect(json).not.toContain('log-stream:legal-');
    }
  });
});
