import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { compliancePacks } from '../lib/checks/packs';
import { INTERFACE_ENDPOINT_SERVICES } from '../lib/config';
import { ProjectStage } from '../lib/infra/project-stage';
import { newApp, project } from './helpers';

describe('compliance packs', () => {
  const app = newApp();
  const example = new ProjectStage(app, { project: project() });
  const withEndpoints = new ProjectStage(app, {
    project: project({
      name: 'notebooks',
      account: '444455556666',
      network: {
        cidr: '10.50.0.0/16',
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
        // Every endpoint a project may opt into.
        interfaceEndpoints: [...INTERFACE_ENDPOINT_SERVICES],
      },
    }),
  });

  // As in `cdk synth`, aspects (tags the Isolation rules read) run before the packs validate.
  app.synth();

  test.each(compliancePacks().map((p) => [p.readPackName, p]))(
    '%s: no unacknowledged finding in any project stack',
    (_name, pack) => {
      expect(pack.validateScope(example).violations).toEqual([]);
      expect(pack.validateScope(withEndpoints).violations).toEqual([]);
    },
  );

  test('a finding is reported: an unencrypted, unlogged bucket fails the packs', () => {
    const bad = newApp();
    const stage = new ProjectStage(bad, { project: project() });
    new (require('aws-cdk-lib/aws-s3').Bucket)(stage.data, 'Plain');
    const names = compliancePacks().flatMap((p) => p.validateScope(stage).violations.map((v) => v.ruleName));
    expect(names).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1',
        'AwsSolutions-S10',
        'NIST.800.53.R5-S3DefaultEncryptionKMS',
      ]),
    );
  });

  test('acknowledgments are written into the template metadata for auditors', () => {
    const synthApp = newApp();
    const stage = new ProjectStage(synthApp, { project: project() });
    const data = Template.fromStack(stage.data).toJSON();
    const suppressed = Object.values(data.Resources as Record<string, any>).flatMap(
      (r) => r.Metadata?.cdk_nag?.rules_to_suppress ?? [],
    );
    expect(suppressed).toEqual(
      expect.arrayContaining([
        {
          id: 'AwsSolutions-IAM5[Resource::<TrainingData616108AD.Arn>/*]',
          reason: expect.stringMatching(/training-data bucket/),
        },
        { id: 'HIPAA.Security-S3BucketReplicationEnabled', reason: expect.stringMatching(/one copy/) },
      ]),
    );
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThan(40);
  });
});

describe('stateful logical IDs are pinned (a change would replace a key, bucket, log group or trail)', () => {
  const app = newApp();
  const stage = new ProjectStage(app, { project: project() });
  const ids = (stack: Stack, ...types: string[]) =>
    Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, any>)
      .filter(([, r]) => types.includes(r.Type))
      .map(([id]) => id)
      .sort();

  test('keys', () => {
    expect(ids(stage.keys, 'AWS::KMS::Key')).toEqual([
      'KeysArtifacts9C7BCDA2',
      'KeysDataA2F7C5E6',
      'KeysLogs7981C88C',
    ]);
  });
  test('buckets', () => {
    expect(ids(stage.data, 'AWS::S3::Bucket')).toEqual([
      'AccessLogs247031D9',
      'Artifacts80C0BB10',
      'Audit60AC924E',
      'TrainingData616108AD',
    ]);
  });
  test('log groups and the trail', () => {
    expect(ids(stage.network, 'AWS::Logs::LogGroup')).toEqual([
      'DnsFirewallQueryLogsB7CF033E',
      'FlowLogsLogGroup257B70B0',
    ]);
    expect(ids(stage.data, 'AWS::Logs::LogGroup', 'AWS::CloudTrail::Trail')).toEqual([
      'SageMakerProcessingLogs11C4F8DB',
      'SageMakerTrainingLogs09A5C88C',
      'Trail022F0CF2',
      'TrailLogGroupAACB9536',
    ]);
  });
});
