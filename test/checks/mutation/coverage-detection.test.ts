/**
 * Mutants of issue 9 (coverage): detection switched off — alert rules disabled, narrowed or re-targeted,
 * the alert topic unencrypted, unsubscribed or open, the trail no longer feeding EventBridge. Each is one
 * single change to the shared project; see harness.ts.
 */
import { Json, Mutant, Templates, mutationSuite, one } from './harness';

const rule = (t: Templates, description: RegExp) =>
  one(t, 'AWS::Events::Rule', (r) => description.test(r.Properties.Description ?? ''));
const topic = (t: Templates) => one(t, 'AWS::SNS::Topic');
/** The alert topic's policy document. */
const topicPolicy = (t: Templates) => one(t, 'AWS::SNS::TopicPolicy').r.Properties.PolicyDocument;
/** Deletes an alert rule and its topic-policy grant. */
function deleteRule(t: Templates, description: RegExp): void {
  const r = rule(t, description);
  delete t[r.file].Resources[r.id];
  for (const s of topicPolicy(t).Statement) {
    const arns = s.Condition?.ArnEquals?.['aws:SourceArn'];
    if (Array.isArray(arns))
      s.Condition.ArnEquals['aws:SourceArn'] = arns.filter((a: Json) => a['Fn::GetAtt']?.[0] !== r.id);
  }
}

export const MUTANTS: Mutant[] = [
  {
    name: 'the training-job isolation alert disabled',
    rule: 'Isolation-MON1',
    mutate: (t) => (rule(t, /CreateTrainingJob/).r.Properties.State = 'DISABLED'),
  },
  {
    name: 'the isolation alert no longer matching a job that omits the flag',
    rule: 'Isolation-MON1',
    mutate: (t) => {
      const or: Json[] = rule(t, /CreateProcessingJob/).r.Properties.EventPattern.detail.$or;
      or.splice(
        or.findIndex(
          (b) =>
            JSON.stringify(b).includes('"exists":false') &&
            JSON.stringify(b).includes('enableNetworkIsolation'),
        ),
        1,
      );
    },
  },
  {
    name: 'the isolation alert moved to a custom event bus',
    rule: 'Isolation-MON1',
    mutate: (t) => (rule(t, /CreateTrainingJob/).r.Properties.EventBusName = 'quiet'),
  },
  {
    name: 'the bucket tamper alert no longer watching bucket policies',
    rule: 'Isolation-MON2',
    mutate: (t) => {
      const names: string[] = rule(t, /bucket/).r.Properties.EventPattern.detail.$or[0].eventName;
      names.splice(names.indexOf('PutBucketPolicy'), 1);
    },
  },
  {
    name: 'the trail tamper alert deleted',
    rule: 'Isolation-MON2',
    mutate: (t) => {
      const r = rule(t, /trail/);
      delete t[r.file].Resources[r.id];
      // Its topic-policy grant goes with it.
      for (const s of topicPolicy(t).Statement) {
        const arns = s.Condition?.ArnEquals?.['aws:SourceArn'];
        if (Array.isArray(arns))
          s.Condition.ArnEquals['aws:SourceArn'] = arns.filter((a: Json) => a['Fn::GetAtt']?.[0] !== r.id);
      }
    },
  },
  {
    name: 'the key tamper alert without a target',
    rule: 'Isolation-MON2',
    mutate: (t) => (rule(t, /key/).r.Properties.Targets = []),
  },
  {
    name: 'the alert topic unencrypted',
    rule: 'Isolation-MON3',
    mutate: (t) => delete topic(t).r.Properties.KmsMasterKeyId,
  },
  {
    name: "EventBridge dropped from the alert topic key's policy",
    rule: 'Isolation-MON3',
    mutate: (t) => {
      const key = one(t, 'AWS::KMS::Key', (r) =>
        r.Properties.Tags?.some((x: Json) => x.Value === 'logs-key'),
      );
      const policy = key.r.Properties.KeyPolicy;
      policy.Statement = policy.Statement.filter(
        (s: Json) => s.Principal?.Service !== 'events.amazonaws.com',
      );
    },
  },
  {
    name: 'the alert subscription removed',
    rule: 'Isolation-MON3',
    mutate: (t) => {
      const s = one(t, 'AWS::SNS::Subscription');
      delete t[s.file].Resources[s.id];
    },
  },
  {
    name: 'the alert subscription moved to a plain-HTTP endpoint',
    rule: 'Isolation-MON3',
    mutate: (t) => {
      const s = one(t, 'AWS::SNS::Subscription').r.Properties;
      s.Protocol = 'http';
      s.Endpoint = 'http://203.0.113.10/alerts';
    },
  },
  {
    name: 'the alert topic policy lets anyone delete the topic or rewrite its attributes',
    rule: 'Isolation-MON3',
    mutate: (t) =>
      topicPolicy(t).Statement.push({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:RemovePermission'],
        Resource: '*',
      }),
  },
  {
    name: 'the alert topic open to any rule',
    rule: 'Isolation-MON3',
    mutate: (t) => {
      const policy = topicPolicy(t);
      for (const s of policy.Statement) if (s.Effect === 'Allow') delete s.Condition;
    },
  },
  {
    name: 'a second topic policy statement letting another account publish',
    rule: 'Isolation-MON3',
    mutate: (t) =>
      topicPolicy(t).Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::999988887777:root' },
        Action: 'sns:Publish',
        Resource: { Ref: topic(t).id },
      }),
  },
  {
    name: 'the trail no longer recording management events',
    rule: 'Isolation-MON4',
    mutate: (t) =>
      (one(t, 'AWS::CloudTrail::Trail').r.Properties.EventSelectors[0].IncludeManagementEvents = false),
  },
  {
    name: 'KMS management events excluded from the trail',
    rule: 'Isolation-MON4',
    mutate: (t) =>
      (one(t, 'AWS::CloudTrail::Trail').r.Properties.EventSelectors[0].ExcludeManagementEventSources = [
        'kms.amazonaws.com',
      ]),
  },
  // ---- found by the adversarial review (issue 9) ----
  {
    name: 'the alert on tampering with the alert rules deleted',
    rule: 'Isolation-MON2',
    mutate: (t) => deleteRule(t, /an alert rule/),
  },
  {
    name: 'the alert on training outputs outside the project deleted',
    rule: 'Isolation-MON2',
    mutate: (t) => deleteRule(t, /writes outside/),
  },
  // ---- second hunt (network/data half) ----
  {
    name: 'the alert subscription filtering messages (alerts carry no attributes: none gets through)',
    rule: 'Isolation-MON3',
    mutate: (t) => (one(t, 'AWS::SNS::Subscription').r.Properties.FilterPolicy = { severity: ['critical'] }),
  },
  {
    name: 'the key-tampering alert rule created only when a condition holds',
    rule: 'Isolation-KEEP2',
    mutate: (t) => {
      const r = rule(t, /key/i);
      t[r.file].Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
      r.r.Condition = 'Never';
    },
  },
  {
    name: 'the flow log on another resource when a condition says so',
    rule: 'Isolation-NET5',
    mutate: (t) => {
      const log = one(t, 'AWS::EC2::FlowLog');
      t[log.file].Conditions = { Elsewhere: { 'Fn::Equals': ['a', 'b'] } };
      log.r.Properties.ResourceId = {
        'Fn::If': ['Elsewhere', log.r.Properties.ResourceId, 'vpc-0123456789abcdef0'],
      };
    },
  },
  {
    name: "a second target on the trail-tampering rule: another account's event bus",
    rule: 'Isolation-LOG4',
    mutate: (t) =>
      rule(t, /trail/i).r.Properties.Targets.push({
        Id: 'Copy',
        Arn: 'arn:aws:events:eu-west-1:999988887777:event-bus/default',
      }),
  },
  {
    name: "a rule sending the trail's S3 events to an HTTP API destination",
    rule: 'Isolation-LOG4',
    mutate: (t) => {
      const file = topic(t).file;
      t[file].Resources.Hook = {
        Type: 'AWS::Events::Connection',
        Properties: {
          AuthorizationType: 'API_KEY',
          AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'k', ApiKeyValue: 'v' } },
        },
      };
      t[file].Resources.HookDestination = {
        Type: 'AWS::Events::ApiDestination',
        Properties: {
          ConnectionArn: { 'Fn::GetAtt': ['Hook', 'Arn'] },
          HttpMethod: 'POST',
          InvocationEndpoint: 'https://collector.example/',
        },
      };
      t[file].Resources.Forward = {
        Type: 'AWS::Events::Rule',
        Properties: {
          State: 'ENABLED',
          EventPattern: { source: ['aws.s3'] },
          Targets: [
            {
              Id: 'Out',
              Arn: { 'Fn::GetAtt': ['HookDestination', 'Arn'] },
              RoleArn: 'arn:aws:iam::111122223333:role/forwarder',
            },
          ],
        },
      };
    },
  },
];

mutationSuite(MUTANTS);
