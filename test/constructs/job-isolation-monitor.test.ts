import { execFileSync } from 'node:child_process';
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { JobIsolationMonitor } from '../../constructs/job-isolation-monitor';
import { newApp, project, synthProject } from '../helpers';

const SUBNETS = ['subnet-aaaa1111', 'subnet-bbbb2222'];
const SG = 'sg-0123456789abcdef0';

/** Matches events against a pattern with moto's EventBridge pattern engine (the one its PutEvents uses). */
function motoMatches(pattern: unknown, events: unknown[]): boolean[] {
  const script =
    'import json,sys\nfrom moto.events.models import EventPattern\n' +
    "d=json.load(sys.stdin)\nprint(json.dumps([EventPattern(None, d['pattern']).matches_event(e) for e in d['events']]))";
  return JSON.parse(
    execFileSync('python3', ['-c', script], { input: JSON.stringify({ pattern, events }) }).toString(),
  );
}

function cloudTrailEvent(eventName: string, requestParameters: Record<string, unknown>, errorCode?: string) {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.sagemaker',
    account: '111122223333',
    time: '2026-11-29T02:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventSource: 'sagemaker.amazonaws.com',
      eventName,
      eventTime: '2026-11-29T02:00:00Z',
      eventID: 'x',
      userIdentity: { arn: 'arn:aws:sts::111122223333:assumed-role/notebook/bob' },
      requestParameters,
      ...(errorCode ? { errorCode } : {}),
    },
  };
}

const isolatedVpc = { subnets: SUBNETS, securityGroupIds: [SG] };

describe('JobIsolationMonitor', () => {
  const stack = new Stack(newApp(), 'Monitor', { env: { account: '111122223333', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true });
  new JobIsolationMonitor(stack, 'JobIsolation', {
    projectName: 'legal',
    encryptionKey: key,
    subnetIds: SUBNETS,
    securityGroupIds: [SG],
    emails: ['security@example.com', 'ml-platform@example.com'],
  });
  const t = Template.fromStack(stack);
  const rules = t.findResources('AWS::Events::Rule');
  const patternOf = (api: string) =>
    Object.values(rules).find((r) => r.Properties.EventPattern.detail.eventName[0] === api)!.Properties
      .EventPattern;

  test('training jobs: catches calls without isolation, without a VPC, or in other subnets or security groups', () => {
    const training = (params: Record<string, unknown>, error?: string) =>
      cloudTrailEvent('CreateTrainingJob', { trainingJobName: 'legal-x', ...params }, error);
    expect(
      motoMatches(patternOf('CreateTrainingJob'), [
        training({ enableNetworkIsolation: true, vpcConfig: isolatedVpc }),
        training({ enableNetworkIsolation: false, vpcConfig: isolatedVpc }),
        training({ vpcConfig: isolatedVpc }),
        training({ enableNetworkIsolation: true }),
        training({
          enableNetworkIsolation: true,
          vpcConfig: { subnets: [SUBNETS[0], 'subnet-ffff9999'], securityGroupIds: [SG] },
        }),
        training({
          enableNetworkIsolation: true,
          vpcConfig: { subnets: SUBNETS, securityGroupIds: ['sg-other'] },
        }),
        training({ enableNetworkIsolation: false, vpcConfig: isolatedVpc }, 'AccessDenied'),
      ]),
    ).toEqual([false, true, true, true, true, true, true]);
  });

  test('processing jobs: the same, under networkConfig', () => {
    const processing = (networkConfig?: Record<string, unknown>) =>
      cloudTrailEvent('CreateProcessingJob', {
        processingJobName: 'legal-eval',
        ...(networkConfig ? { networkConfig } : {}),
      });
    expect(
      motoMatches(patternOf('CreateProcessingJob'), [
        processing({ enableNetworkIsolation: true, vpcConfig: isolatedVpc }),
        processing(),
        processing({ enableNetworkIsolation: true }),
        processing({
          enableNetworkIsolation: true,
          vpcConfig: { subnets: ['subnet-ffff9999'], securityGroupIds: [SG] },
        }),
      ]),
    ).toEqual([false, true, true, true]);
  });

  test('other calls and other APIs are not alerts', () => {
    expect(
      motoMatches(patternOf('CreateTrainingJob'), [
        cloudTrailEvent('DescribeTrainingJob', { trainingJobName: 'legal-x' }),
        cloudTrailEvent('CreateProcessingJob', { processingJobName: 'p' }),
      ]),
    ).toEqual([false, false]);
  });

  test('alerts go to a topic encrypted with the given key, TLS only, publishable only by these rules', () => {
    const [keyId] = Object.keys(t.findResources('AWS::KMS::Key'));
    t.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': [keyId, 'Arn'] }),
    });
    const [policy] = Object.values(t.findResources('AWS::SNS::TopicPolicy'));
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Sid: 'OnlyTheseRulesPublish',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: {
          ArnEquals: { 'aws:SourceArn': Object.keys(rules).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
        },
      }),
    ]);
    for (const rule of Object.values(rules)) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { Ref: Object.keys(t.findResources('AWS::SNS::Topic'))[0] },
          InputTransformer: expect.objectContaining({
            InputTemplate: expect.stringContaining('outside the project'),
          }),
        }),
      ]);
    }
  });

  test('subscribers come from the project file', () => {
    t.resourceCountIs('AWS::SNS::Subscription', 2);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security@example.com',
    });
  });

  test('an SQS queue, in any account, may subscribe too', () => {
    const s = new Stack(newApp(), 'Queues', { env: { account: '111122223333', region: 'eu-west-1' } });
    new JobIsolationMonitor(s, 'M', {
      projectName: 'p',
      encryptionKey: new kms.Key(s, 'K', { enableKeyRotation: true }),
      subnetIds: SUBNETS,
      securityGroupIds: [SG],
      queues: ['arn:aws:sqs:eu-west-1:444455556666:security-alerts'],
    });
    Template.fromStack(s).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:eu-west-1:444455556666:security-alerts',
    });
  });

  test('fails when no subnet or security group is given', () => {
    const s = new Stack(newApp(), 'Bad');
    expect(
      () =>
        new JobIsolationMonitor(s, 'M', {
          projectName: 'p',
          encryptionKey: key,
          subnetIds: [],
          securityGroupIds: [SG],
        }),
    ).toThrow(/subnetIds must name at least one subnet, got \[\]/);
    expect(
      () =>
        new JobIsolationMonitor(s, 'N', {
          projectName: 'p',
          encryptionKey: key,
          subnetIds: SUBNETS,
          securityGroupIds: [],
        }),
    ).toThrow(/securityGroupIds must name at least one security group/);
  });

  describe('in a project stage', () => {
    const { stage } = synthProject(project({ alerts: { emails: ['security@example.com'] } }));
    const monitoring = Template.fromStack(stage.monitoring);

    test("watches the project's own subnets and security group", () => {
      const pattern = JSON.stringify(
        Object.values(monitoring.findResources('AWS::Events::Rule'))[0].Properties.EventPattern,
      );
      expect(pattern).toMatch(/TrainingSubnet1/);
      expect(pattern).toMatch(/TrainingSubnet2/);
      expect(pattern).toMatch(/TrainingSecurityGroup/);
      // Two isolation rules here; the tamper rules beside them: test/constructs/tamper-monitor.test.ts.
      const ids = Object.keys(monitoring.findResources('AWS::Events::Rule'));
      expect(ids.filter((id) => id.startsWith('JobIsolation'))).toHaveLength(2);
      monitoring.resourceCountIs('AWS::SNS::Subscription', 1);
      monitoring.hasOutput('AlertTopicArn', {});
    });

    test('the topic is encrypted with the project logs and audit key: no key of its own', () => {
      monitoring.resourceCountIs('AWS::KMS::Key', 0);
      expect(
        JSON.stringify(
          Object.values(monitoring.findResources('AWS::SNS::Topic'))[0].Properties.KmsMasterKeyId,
        ),
      ).toMatch(/"StackName":"legal-Keys".*KeysLogs/);
    });

    test.each([
      ['AwsSolutions', () => new AwsSolutionsChecks()],
      ['HIPAA', () => new HIPAASecurityChecks()],
      ['NIST', () => new NIST80053R5Checks()],
      ['PCI', () => new PCIDSS321Checks()],
    ])('the Monitoring stack stays clean under %s', (_name, pack) => {
      expect(pack().validateScope(stage.monitoring).violations).toEqual([]);
    });
  });
});
