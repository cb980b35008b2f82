import { Stack } from 'aws-cdk-lib';
import { findingsOf, network, ref, res } from '../coverage-support';

type Props = Record<string, unknown>;
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const API_CALL = 'AWS API Call via CloudTrail';

/** The isolation pattern of a job: flag off or left out, no VPC, subnets or group outside. */
function breaches(eventName: string, wrap: (network: Props) => Props): Props {
  return {
    source: ['aws.sagemaker'],
    'detail-type': [API_CALL],
    detail: {
      eventSource: ['sagemaker.amazonaws.com'],
      eventName: [eventName],
      $or: [
        { enableNetworkIsolation: [false] },
        { enableNetworkIsolation: [{ exists: false }] },
        { vpcConfig: { subnets: [{ exists: false }] } },
        { vpcConfig: { subnets: [{ 'anything-but': [ref('SubnetA'), ref('SubnetB')] }] } },
        { vpcConfig: { securityGroupIds: [{ exists: false }] } },
        { vpcConfig: { securityGroupIds: [{ 'anything-but': [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }] }] } },
      ].map((branch) => ({ requestParameters: wrap(branch) })),
    },
  };
}
const trainingBreaches = breaches('CreateTrainingJob', (n) => n);
const processingBreaches = breaches('CreateProcessingJob', (n) => ({ networkConfig: n }));
const trailTamper = {
  source: ['aws.cloudtrail'],
  'detail-type': [API_CALL],
  detail: {
    eventSource: ['cloudtrail.amazonaws.com'],
    eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
    $or: [
      { requestParameters: { name: [ref('Trail'), arnOf('Trail')] } },
      { requestParameters: { trailName: [ref('Trail'), arnOf('Trail')] } },
    ],
  },
};

interface Options {
  readonly training?: Props;
  readonly topic?: Props;
  readonly statement?: Props;
  readonly trail?: Props;
  readonly subscribed?: boolean;
  readonly keyForEvents?: boolean;
  readonly extra?: (s: Stack) => void;
}

/** A network with the alerts of JobIsolationMonitor and the trail tamper alert, to an encrypted, subscribed topic. */
function monitored(s: Stack, o: Options = {}) {
  network(s);
  res(s, 'Key', 'AWS::KMS::Key', {
    EnableKeyRotation: true,
    KeyPolicy: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(o.keyForEvents === false
          ? []
          : [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
                Resource: '*',
                Condition: {
                  ArnLike: {
                    'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:111122223333:*',
                  },
                },
              },
            ]),
      ],
    },
  });
  res(s, 'Topic', 'AWS::SNS::Topic', { KmsMasterKeyId: arnOf('Key'), ...o.topic });
  if (o.subscribed !== false)
    res(s, 'Sub', 'AWS::SNS::Subscription', {
      TopicArn: ref('Topic'),
      Protocol: 'email',
      Endpoint: 'sec@example.com',
    });
  const rules = ['Training', 'Processing', 'TrailTamper'];
  res(s, 'TopicPolicy', 'AWS::SNS::TopicPolicy', {
    Topics: [ref('Topic')],
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: ref('Topic'),
          Condition: { ArnEquals: { 'aws:SourceArn': rules.map(arnOf) } },
        },
        ...(o.statement ? [o.statement] : []),
      ],
    },
  });
  const target = [{ Id: 't', Arn: ref('Topic') }];
  res(s, 'Training', 'AWS::Events::Rule', {
    State: 'ENABLED',
    EventPattern: trainingBreaches,
    Targets: target,
    ...o.training,
  });
  res(s, 'Processing', 'AWS::Events::Rule', {
    State: 'ENABLED',
    EventPattern: processingBreaches,
    Targets: target,
  });
  res(s, 'TrailTamper', 'AWS::Events::Rule', {
    State: 'ENABLED',
    EventPattern: trailTamper,
    Targets: target,
  });
  res(s, 'Trail', 'AWS::CloudTrail::Trail', {
    IsLogging: true,
    S3BucketName: 'audit',
    EnableLogFileValidation: true,
    KMSKeyId: arnOf('Key'),
    EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
    ...o.trail,
  });
  o.extra?.(s);
}

describe('Isolation-MON1 job isolation alerts', () => {
  test('passes enabled rules for every breach, to an encrypted subscribed topic that admits them', () => {
    expect(findingsOf((s) => monitored(s))['Isolation-MON1']).toBeUndefined();
  });
  test('fails when the training rule is disabled', () => {
    expect(findingsOf((s) => monitored(s, { training: { State: 'DISABLED' } }))['Isolation-MON1']).toEqual([
      'Vpc: CreateTrainingJob isolation off, isolation omitted, no VPC, subnet outside, security group outside: no alert',
    ]);
  });
  test('fails when the rule no longer matches a job that leaves the flag out', () => {
    const pattern = JSON.parse(JSON.stringify(trainingBreaches));
    pattern.detail.$or.splice(1, 1);
    expect(
      findingsOf((s) => monitored(s, { training: { EventPattern: pattern } }))['Isolation-MON1'],
    ).toEqual(['Vpc: CreateTrainingJob isolation omitted: no alert']);
  });
  test('fails when the topic may not be published to by the rule', () => {
    const f = findingsOf((s) =>
      monitored(s, {
        training: { Targets: [{ Id: 't', Arn: ref('Other') }] },
        extra: (x) => res(x, 'Other', 'AWS::SNS::Topic', {}),
      }),
    );
    expect(f['Isolation-MON1']).toEqual([expect.stringContaining('CreateTrainingJob')]);
  });
});

describe('Isolation-MON2 tamper alerts', () => {
  test('passes a trail whose stopping, deletion and narrowing alert', () => {
    const f = findingsOf((s) => monitored(s));
    expect((f['Isolation-MON2'] ?? []).filter((x) => x.startsWith('Trail:'))).toEqual([]);
  });
  test('fails when the trail alert forgets PutEventSelectors', () => {
    const pattern = JSON.parse(JSON.stringify(trailTamper));
    pattern.detail.eventName = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutInsightSelectors'];
    const f = findingsOf((s) =>
      monitored(s, {
        extra: (x) =>
          x.node.tryRemoveChild('TrailTamper') &&
          res(x, 'TrailTamper', 'AWS::Events::Rule', {
            EventPattern: pattern,
            Targets: [{ Id: 't', Arn: ref('Topic') }],
          }),
      }),
    );
    expect(f['Isolation-MON2'].filter((x) => x.startsWith('Trail:'))).toEqual([
      'Trail: PutEventSelectors: no alert',
    ]);
  });
  test('fails for a key with no alert at all, naming each event', () => {
    const f = findingsOf((s) => monitored(s));
    expect(f['Isolation-MON2']).toEqual(
      expect.arrayContaining(['Key: PutKeyPolicy: no alert', 'Key: CreateGrant by a person: no alert']),
    );
  });
});

describe('Isolation-MON3 the alert topic', () => {
  test('passes an encrypted, subscribed topic that admits only its rules', () => {
    expect(findingsOf((s) => monitored(s))['Isolation-MON3']).toBeUndefined();
  });
  test.each([
    [{ topic: { KmsMasterKeyId: 'alias/aws/sns' } }, 'not encrypted with a customer-managed key'],
    [{ subscribed: false }, 'no subscription'],
    [{ keyForEvents: false }, 'its key Key refuses EventBridge kms:GenerateDataKey, kms:Decrypt'],
    [
      { statement: { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: ref('Topic') } },
      'anyone may publish',
    ],
    [
      {
        statement: {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: '*',
        },
      },
      'another rule of the account may publish',
    ],
    [
      {
        statement: {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::999988887777:root' },
          Action: ['sns:DeleteTopic', 'sns:SetTopicAttributes'],
          Resource: ref('Topic'),
        },
      },
      'another account may sns:DeleteTopic, sns:SetTopicAttributes (silencing the alerts)',
    ],
    [
      {
        statement: { Effect: 'Allow', Principal: '*', Action: 'sns:RemovePermission', Resource: '*' },
      },
      'anyone may sns:RemovePermission (silencing the alerts)',
    ],
  ])('fails with %j', (o, why) => {
    expect(findingsOf((s) => monitored(s, o as Options))['Isolation-MON3']).toEqual(
      expect.arrayContaining([`Topic: ${why}`]),
    );
  });
});

describe('Isolation-MON3 subscriptions that receive the alerts', () => {
  const filtered = (s: Stack) =>
    (
      s.node.findChild('Sub') as unknown as { addPropertyOverride(p: string, v: unknown): void }
    ).addPropertyOverride('FilterPolicy', { severity: ['critical'] });
  test('passes a filtered subscription beside an unfiltered one', () => {
    const f = findingsOf((s) =>
      monitored(s, {
        extra: (x) => {
          filtered(x);
          res(x, 'All', 'AWS::SNS::Subscription', {
            TopicArn: ref('Topic'),
            Protocol: 'email',
            Endpoint: 'oncall@example.com',
          });
        },
      }),
    );
    expect(f['Isolation-MON3']).toBeUndefined();
  });
  const subscribed = (protocol: string, endpoint: string) =>
    findingsOf((s) =>
      monitored(s, {
        extra: (x) =>
          res(x, 'Hook', 'AWS::SNS::Subscription', {
            TopicArn: ref('Topic'),
            Protocol: protocol,
            Endpoint: endpoint,
          }),
      }),
    )['Isolation-MON3'];
  test('fails when a subscription delivers the alerts over plain HTTP', () => {
    expect(subscribed('http', 'http://alerts.example.com/hook')).toEqual([
      'Topic: subscription Hook (http://alerts.example.com/hook) delivers the alerts over plain HTTP',
    ]);
    expect(subscribed('HTTP', 'http://alerts.example.com/hook')).toHaveLength(1);
  });
  test('passes HTTPS, Lambda and queue subscriptions of any account (whose they are is not in the template)', () => {
    expect(subscribed('https', 'https://alerts.example.com/hook')).toBeUndefined();
    expect(subscribed('lambda', 'arn:aws:lambda:eu-west-1:999988887777:function:oncall')).toBeUndefined();
    expect(subscribed('sqs', 'arn:aws:sqs:eu-west-1:999988887777:alerts')).toBeUndefined();
  });
  test('fails when every subscription filters messages (alerts carry no attributes)', () => {
    expect(findingsOf((s) => monitored(s, { extra: filtered }))['Isolation-MON3']).toEqual(
      expect.arrayContaining(['Topic: every subscription filters messages (FilterPolicy)']),
    );
  });
});

describe('Isolation-MON4 alerts need a trail of management events', () => {
  test('passes a logging trail that records write management events', () => {
    expect(findingsOf((s) => monitored(s))['Isolation-MON4']).toBeUndefined();
  });
  test.each([
    [{ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }],
    [{ EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }],
    [{ IsLogging: false }],
    [
      {
        EventSelectors: [
          { ReadWriteType: 'All', ExcludeManagementEventSources: ['cloudtrail.amazonaws.com'] },
        ],
      },
    ],
  ])('fails when the trail has %j', (trail) => {
    const f = findingsOf((s) => monitored(s, { trail }));
    expect(f['Isolation-MON4']).toEqual(
      expect.arrayContaining([expect.stringMatching(/management events not recorded$/)]),
    );
  });
});
