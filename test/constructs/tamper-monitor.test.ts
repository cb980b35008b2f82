/**
 * Issue 8, points 6, 8, 9 and 10: the tamper alerts. Each event pattern is a pure function, tried
 * against CloudTrail events with moto's EventBridge pattern engine: what must alert, and isotrain's
 * own routine traffic that must not.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import {
  alertRuleTamperPattern,
  alertTopicTamperPattern,
  bucketTamperPattern,
  dnsFirewallTamperPattern,
  jobLogExportPattern,
  keyTamperPattern,
  sageMakerOutsideAllowlistPattern,
  trailTamperPattern,
  trainingOutputsPattern,
} from '../../constructs/tamper-monitor';
import { project, synthProject } from '../helpers';
import { apiCallEvent as call, motoMatchesMany } from '../support/event-patterns';

const TRAIL = 'legal-Data-Trail022F0CF2-AbCdEf';
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:111122223333:trail/${TRAIL}`;
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY}`;
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:legal-Monitoring-JobIsolationTopic-AbC';
const JOB_LOGS = '/aws/sagemaker/TrainingJobs';
const byService = (invokedBy?: string) => ({
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/x/y',
    ...(invokedBy ? { invokedBy } : {}),
  },
});

// Every case: [pattern, [event, should alert][]]. One Python process for all of them.
const cases: [string, unknown, [unknown, boolean][]][] = [
  [
    'trail',
    trailTamperPattern(TRAIL, TRAIL_ARN),
    [
      [call('cloudtrail', 'StopLogging', { name: TRAIL }), true],
      [call('cloudtrail', 'DeleteTrail', { name: TRAIL_ARN }), true],
      [call('cloudtrail', 'PutEventSelectors', { trailName: TRAIL_ARN, eventSelectors: [] }), true],
      [call('cloudtrail', 'UpdateTrail', { name: TRAIL, s3BucketName: 'elsewhere' }), true],
      [call('cloudtrail', 'StopLogging', { name: 'another-team-trail' }), false],
      [call('cloudtrail', 'StartLogging', { name: TRAIL }), false],
    ],
  ],
  [
    'buckets',
    bucketTamperPattern(['legal-data', 'legal-artifacts']),
    [
      [call('s3', 'PutBucketPolicy', { bucketName: 'legal-data' }), true],
      [call('s3', 'DeleteBucketPolicy', { bucketName: 'legal-artifacts' }), true],
      [call('s3', 'PutBucketReplication', { bucketName: 'legal-data' }), true],
      [call('s3', 'PutBucketLifecycle', { bucketName: 'legal-data' }), true],
      [call('s3', 'PutObjectLockConfiguration', { bucketName: 'legal-artifacts' }), true],
      [call('s3', 'DeleteBucketPublicAccessBlock', { bucketName: 'legal-data' }), true],
      [call('s3', 'PutBucketInventoryConfiguration', { bucketName: 'legal-data' }), true],
      [call('s3', 'PutAccountPublicAccessBlock', {}), true],
      [call('s3', 'PutBucketPolicy', { bucketName: 'someone-else' }), false],
      [call('s3', 'GetBucketPolicy', { bucketName: 'legal-data' }, { readOnly: true }), false],
    ],
  ],
  [
    'keys',
    keyTamperPattern([{ keyId: KEY, aliases: ['alias/isotrain/legal/data'] }]),
    [
      [call('kms', 'PutKeyPolicy', { keyId: KEY }), true],
      [call('kms', 'ScheduleKeyDeletion', { keyId: KEY_ARN, pendingWindowInDays: 7 }), true],
      [call('kms', 'DisableKey', { keyId: 'alias/isotrain/legal/data' }), true],
      [
        call('kms', 'DisableKeyRotation', {
          keyId: `arn:aws:kms:eu-west-1:111122223333:alias/isotrain/legal/data`,
        }),
        true,
      ],
      // Grants: made directly, or through an unexpected service, alert; a job's volumes do not.
      [
        call('kms', 'CreateGrant', { keyId: KEY_ARN, granteePrincipal: 'arn:aws:iam::444455556666:root' }),
        true,
      ],
      [call('kms', 'CreateGrant', { keyId: KEY_ARN }, byService('lambda.amazonaws.com')), true],
      [call('kms', 'CreateGrant', { keyId: KEY_ARN }, { ...byService(), errorCode: 'AccessDenied' }), true],
      [call('kms', 'CreateGrant', { keyId: KEY_ARN }, byService('sagemaker.amazonaws.com')), false],
      [call('kms', 'CreateGrant', { keyId: KEY_ARN }, byService('ec2.amazonaws.com')), false],
      [call('kms', 'PutKeyPolicy', { keyId: 'ffffffff-12ab-34cd-56ef-1234567890ab' }), false],
      [call('kms', 'Decrypt', { keyId: KEY_ARN }), false],
    ],
  ],
  [
    'job logs',
    jobLogExportPattern(),
    [
      [call('logs', 'CreateExportTask', { logGroupName: JOB_LOGS, destination: 'any-bucket' }), true],
      [call('logs', 'PutSubscriptionFilter', { logGroupName: '/aws/sagemaker/ProcessingJobs' }), true],
      [call('logs', 'DeleteDataProtectionPolicy', { logGroupIdentifier: JOB_LOGS }), true],
      [
        call('logs', 'DeleteDataProtectionPolicy', {
          logGroupIdentifier: `arn:aws:logs:eu-west-1:111122223333:log-group:${JOB_LOGS}`,
        }),
        true,
      ],
      [
        call('logs', 'DisassociateKmsKey', {
          resourceIdentifier: `arn:aws:logs:eu-west-1:111122223333:log-group:${JOB_LOGS}:*`,
        }),
        true,
      ],
      [call('logs', 'PutAccountPolicy', { policyType: 'SUBSCRIPTION_FILTER_POLICY' }), true],
      [call('logs', 'PutSubscriptionFilter', { logGroupName: '/team/app' }), false],
      [call('logs', 'CreateLogStream', { logGroupName: JOB_LOGS }), false],
    ],
  ],
  [
    'sagemaker outside the allowlist',
    sageMakerOutsideAllowlistPattern(),
    [
      [call('sagemaker', 'CreateEndpointConfig', {}), true],
      [call('sagemaker', 'UpdateEndpoint', {}), true],
      [call('sagemaker', 'CreateInferenceComponent', {}), true],
      [call('sagemaker', 'UpdateCluster', {}), true],
      [call('sagemaker', 'CreateMlflowTrackingServer', {}), true],
      [call('sagemaker', 'CreateSomethingAwsAddsTomorrow', {}), true],
      [call('sagemaker', 'CreateTrainingJob', {}), false],
      [call('sagemaker', 'StopProcessingJob', {}), false],
      [call('sagemaker', 'DescribeEndpoint', {}, { readOnly: true }), false],
    ],
  ],
  [
    'training outputs elsewhere',
    trainingOutputsPattern('legal-artifacts'),
    [
      [
        call('sagemaker', 'CreateTrainingJob', {
          outputDataConfig: { s3OutputPath: 's3://legal-artifacts/models/' },
          checkpointConfig: { s3Uri: 's3://legal-artifacts/checkpoints/legal--x/' },
        }),
        false,
      ],
      [
        call('sagemaker', 'CreateTrainingJob', {
          outputDataConfig: { s3OutputPath: 's3://legal-artifacts/models/' },
        }),
        false,
      ],
      [
        call('sagemaker', 'CreateTrainingJob', {
          outputDataConfig: { s3OutputPath: 's3://legal-artifacts/models/' },
          checkpointConfig: { s3Uri: 's3://legal-artifacts/evaluations/legal--run/legal--eval/' },
        }),
        true,
      ],
      [
        call('sagemaker', 'CreateTrainingJob', {
          outputDataConfig: { s3OutputPath: 's3://legal-artifacts/evaluations/legal--run/' },
        }),
        true,
      ],
      [call('sagemaker', 'CreateProcessingJob', {}), false],
    ],
  ],
  [
    'dns firewall',
    dnsFirewallTamperPattern(),
    [
      [call('route53resolver', 'DisassociateFirewallRuleGroup', {}), true],
      [call('route53resolver', 'UpdateFirewallConfig', { firewallFailOpen: 'ENABLED' }), true],
      [call('route53resolver', 'DisassociateResolverQueryLogConfig', {}), true],
      [call('route53resolver', 'ListFirewallRules', {}, { readOnly: true }), false],
    ],
  ],
  [
    'alert rules',
    alertRuleTamperPattern('legal-Monitoring-'),
    [
      [call('events', 'DisableRule', { name: 'legal-Monitoring-TamperTrailTampering-AbC' }), true],
      [
        call('events', 'RemoveTargets', {
          rule: 'legal-Monitoring-JobIsolationTrainingJob-XyZ',
          ids: ['Target0'],
        }),
        true,
      ],
      [call('events', 'DeleteRule', { name: 'legal-eu-Monitoring-TamperTrailTampering-AbC' }), false],
      [call('events', 'DisableRule', { name: 'team-rule' }), false],
    ],
  ],
  [
    'alert topic',
    alertTopicTamperPattern(TOPIC),
    [
      [call('sns', 'SetTopicAttributes', { topicArn: TOPIC, attributeName: 'KmsMasterKeyId' }), true],
      [call('sns', 'DeleteTopic', { topicArn: TOPIC }), true],
      [
        call('sns', 'Unsubscribe', { subscriptionArn: `${TOPIC}:0b6e8a2c-1111-2222-3333-444455556666` }),
        true,
      ],
      [call('sns', 'DeleteTopic', { topicArn: `${TOPIC}-other` }), false],
    ],
  ],
];

/** As CloudFormation receives it: CDK writes `detailType` as `detail-type`. */
function rendered(pattern: unknown): unknown {
  const { detailType, ...rest } = pattern as { detailType?: string[] };
  return { ...rest, 'detail-type': detailType };
}

describe('tamper alerts: event patterns', () => {
  const results = motoMatchesMany(
    cases.map(([, pattern, events]) => ({ pattern: rendered(pattern), events: events.map(([e]) => e) })),
  );
  test.each(cases.map(([name, , events], i) => [name, events, results[i]] as const))(
    '%s: alerts on what it must, and not on routine traffic',
    (_name, events, got) => {
      expect(got).toEqual(events.map(([, expected]) => expected));
    },
  );
});

describe('tamper alerts in a project stage', () => {
  const { stage } = synthProject(project());
  const monitoring = Template.fromStack(stage.monitoring);
  const rules = Object.entries(monitoring.findResources('AWS::Events::Rule'));
  const tamper = rules.filter(([id]) => id.startsWith('Tamper'));

  test('one rule per concern, each bound by hand to the encrypted alert topic', () => {
    expect(tamper.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(
      [
        'TamperAlertRuleTampering',
        'TamperAlertTopicTampering',
        'TamperBucketTampering',
        'TamperDnsFirewallTampering',
        'TamperJobLogExport',
        'TamperKeyTampering',
        'TamperSageMakerOutsideAllowlist',
        'TamperTrailTampering',
        'TamperTrainingOutputsElsewhere',
      ].sort(),
    );
    const [topicId] = Object.keys(monitoring.findResources('AWS::SNS::Topic'));
    for (const [, rule] of tamper) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({ Arn: { Ref: topicId }, InputTransformer: expect.anything() }),
      ]);
    }
  });

  test('only these rules (and the isolation rules) may publish to the topic', () => {
    const [policy] = Object.values(monitoring.findResources('AWS::SNS::TopicPolicy'));
    const statement = policy.Properties.PolicyDocument.Statement.find(
      (s: any) => s.Sid === 'OnlyTamperRulesPublish',
    );
    expect(statement.Condition.ArnEquals['aws:SourceArn']).toEqual(
      tamper.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
  });

  test("watches the project's own trail, buckets and keys", () => {
    const pattern = (name: string) =>
      JSON.stringify(tamper.find(([id]) => id.startsWith(name))![1].Properties.EventPattern);
    expect(pattern('TamperTrailTampering')).toMatch(/"StackName":"legal-Data".*Trail/);
    expect(pattern('TamperBucketTampering')).toMatch(/TrainingData.*Artifacts.*Audit.*AccessLogs/);
    expect(pattern('TamperKeyTampering')).toMatch(/KeysData.*alias\/isotrain\/legal\/data/);
    expect(pattern('TamperAlertRuleTampering')).toContain('"prefix":"legal-Monitoring-"');
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
