/**
 * Mutants of issue 9 (coverage): logging and retention that quietly stop covering the data, and the
 * audit trail made deletable. Each is one single change to the shared project; see harness.ts.
 */
import { Json, Mutant, Templates, bucket, mutationSuite, one } from './harness';

const lifecycleOf = (t: Templates, purpose: string): Json[] =>
  bucket(t, purpose).r.Properties.LifecycleConfiguration.Rules;
const dropRule = (t: Templates, purpose: string, pred: (r: Json) => boolean) => {
  const rules = lifecycleOf(t, purpose);
  rules.splice(rules.findIndex(pred), 1);
};
const trail = (t: Templates) => one(t, 'AWS::CloudTrail::Trail').r.Properties;
const jobLogs = (t: Templates) =>
  one(t, 'AWS::Logs::LogGroup', (r) => r.Properties.LogGroupName === '/aws/sagemaker/TrainingJobs').r;

export const MUTANTS: Mutant[] = [
  {
    name: 'the newest noncurrent versions kept forever',
    rule: 'Isolation-S3LIFE',
    mutate: (t) =>
      (lifecycleOf(t, 'training-data').find(
        (r) => r.NoncurrentVersionExpiration,
      ).NoncurrentVersionExpiration.NewerNoncurrentVersions = 3),
  },
  {
    name: 'expired delete markers never removed',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => dropRule(t, 'training-data', (r) => r.ExpiredObjectDeleteMarker),
  },
  {
    name: 'checkpoints never expire',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => dropRule(t, 'artifacts', (r) => r.Prefix === 'checkpoints/'),
  },
  {
    name: 'unreleased models never expire',
    rule: 'Isolation-S3LIFE',
    mutate: (t) =>
      (lifecycleOf(t, 'artifacts').find((r) => r.TagFilters?.[0]?.Value === 'unreleased').Status =
        'Disabled'),
  },
  {
    name: 'training data kept 100 years',
    rule: 'Isolation-S3LIFE',
    mutate: (t) =>
      (lifecycleOf(t, 'training-data').find((r) => r.Id === 'ExpireObjects').ExpirationInDays = 36500),
  },
  {
    name: 'tagged objects no longer wiped',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => dropRule(t, 'training-data', (r) => r.Id === 'WipeTaggedObjects'),
  },
  {
    name: 'server access logs kept forever',
    rule: 'Isolation-S3LIFE',
    mutate: (t) => delete bucket(t, 'access-logs').r.Properties.LifecycleConfiguration,
  },
  {
    name: 'global service events (IAM, STS) no longer recorded',
    rule: 'Isolation-TRAIL2',
    mutate: (t) => (trail(t).IncludeGlobalServiceEvents = false),
  },
  {
    name: 'the trail records its own region only (IAM and STS calls are recorded in us-east-1)',
    rule: 'Isolation-TRAIL2',
    mutate: (t) => (trail(t).IsMultiRegionTrail = false),
  },
  {
    name: "the trail's region setting removed (single-region is CloudFormation's default)",
    rule: 'Isolation-TRAIL2',
    mutate: (t) => delete trail(t).IsMultiRegionTrail,
  },
  {
    name: 'job logs streamed out by a subscription filter',
    rule: 'Isolation-LOG4',
    mutate: (t) => {
      const g = one(
        t,
        'AWS::Logs::LogGroup',
        (r) => r.Properties.LogGroupName === '/aws/sagemaker/TrainingJobs',
      );
      t[g.file].Resources.Ship = {
        Type: 'AWS::Logs::SubscriptionFilter',
        Properties: {
          LogGroupName: '/aws/sagemaker/TrainingJobs',
          FilterPattern: '',
          DestinationArn: 'arn:aws:logs:eu-west-1:999988887777:destination:collector',
        },
      };
    },
  },
  {
    name: 'data events narrowed to a prefix of the training data',
    rule: 'Isolation-TRAIL1',
    mutate: (t) => {
      const values = trail(t).EventSelectors[0].DataResources[0].Values;
      values[0]['Fn::Join'][1][1] = '/datasets/';
    },
  },
  {
    name: 'data events recorded only for writes',
    rule: 'Isolation-TRAIL1',
    mutate: (t) => {
      const s = trail(t).EventSelectors[0];
      s.ReadWriteType = 'WriteOnly';
    },
  },
  {
    name: 'run-record writes no longer recorded',
    rule: 'Isolation-TRAIL3',
    mutate: (t) => (trail(t).EventSelectors = trail(t).EventSelectors.slice(0, 1)),
  },
  {
    name: 'the job log data protection policy removed',
    rule: 'Isolation-LOG3',
    mutate: (t) => delete jobLogs(t).Properties.DataProtectionPolicy,
  },
  {
    name: 'job log masking narrowed to email addresses',
    rule: 'Isolation-LOG3',
    mutate: (t) => {
      for (const s of jobLogs(t).Properties.DataProtectionPolicy.Statement)
        s.DataIdentifier = ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'];
    },
  },
  {
    name: 'job logs kept ten years',
    rule: 'Isolation-LOG3',
    mutate: (t) => (jobLogs(t).Properties.RetentionInDays = 3653),
  },
  {
    name: 'Object Lock default retention removed from the audit bucket',
    rule: 'Isolation-AUDIT1',
    mutate: (t) => delete bucket(t, 'audit').r.Properties.ObjectLockConfiguration.Rule,
  },
  {
    name: 'audit records locked one day',
    rule: 'Isolation-AUDIT1',
    mutate: (t) => (bucket(t, 'audit').r.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days = 1),
  },
  {
    name: 'audit records in GOVERNANCE mode (administrators may delete them)',
    rule: 'Isolation-AUDIT1',
    mutate: (t) =>
      (bucket(t, 'audit').r.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode = 'GOVERNANCE'),
  },
  {
    name: 'the audit bucket deleted with its stack',
    rule: 'Isolation-KEEP1',
    mutate: (t) => {
      const b = bucket(t, 'audit').r;
      b.DeletionPolicy = 'Delete';
      b.UpdateReplacePolicy = 'Delete';
    },
  },
  {
    name: 'the logs key deleted with its stack',
    rule: 'Isolation-KEEP1',
    mutate: (t) =>
      (one(t, 'AWS::KMS::Key', (r) =>
        r.Properties.Tags?.some((x: Json) => x.Value === 'logs-key'),
      ).r.DeletionPolicy = 'Delete'),
  },
  // ---- found by the adversarial review (issue 9) ----
  {
    name: 'the trail delivering to a bucket outside the templates',
    rule: 'Isolation-TRAIL2',
    mutate: (t) => (trail(t).S3BucketName = 'audit-elsewhere'),
  },
  {
    name: 'trail log events kept one day',
    rule: 'Isolation-LOG2',
    mutate: (t) =>
      (one(t, 'AWS::Logs::LogGroup', (_r, id) => /Trail/.test(id)).r.Properties.RetentionInDays = 1),
  },
  {
    name: 'flow logs kept a week',
    rule: 'Isolation-LOG2',
    mutate: (t) =>
      (one(t, 'AWS::Logs::LogGroup', (_r, id) => /FlowLogs/.test(id)).r.Properties.RetentionInDays = 7),
  },
  {
    name: 'audit records locked one year, kept seven (deletable in between)',
    rule: 'Isolation-AUDIT1',
    mutate: (t) =>
      (bucket(t, 'audit').r.Properties.ObjectLockConfiguration.Rule.DefaultRetention = {
        Mode: 'COMPLIANCE',
        Years: 1,
      }),
  },
  {
    name: 'audit records expiring from view after 30 days, long before their lock ends',
    rule: 'Isolation-AUDIT1',
    mutate: (t) => (lifecycleOf(t, 'audit').find((r) => r.ExpirationInDays).ExpirationInDays = 30),
  },
  // ---- second hunt (network/data half) ----
  {
    name: 'the trail created only when a condition holds',
    rule: 'Isolation-KEEP2',
    mutate: (t) => {
      const tr = one(t, 'AWS::CloudTrail::Trail');
      t[tr.file].Conditions = { Never: { 'Fn::Equals': ['a', 'b'] } };
      tr.r.Condition = 'Never';
    },
  },
  {
    name: 'the DNS query log association created only when a parameter keeps its default',
    rule: 'Isolation-KEEP2',
    mutate: (t) => {
      const a = one(t, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation');
      t[a.file].Parameters = { ...t[a.file].Parameters, LogQueries: { Type: 'String', Default: 'no' } };
      t[a.file].Conditions = { Logging: { 'Fn::Equals': [{ Ref: 'LogQueries' }, 'yes'] } };
      a.r.Condition = 'Logging';
    },
  },
  {
    name: "an audit lifecycle rule expiring the trail's prefix after a day",
    rule: 'Isolation-AUDIT1',
    mutate: (t) =>
      lifecycleOf(t, 'audit').push({
        Id: 'TidyTrail',
        Status: 'Enabled',
        Prefix: 'cloudtrail/',
        ExpirationInDays: 1,
      }),
  },
  {
    name: 'server access logs expiring after a day',
    rule: 'Isolation-S3LIFE',
    mutate: (t) =>
      (lifecycleOf(t, 'access-logs').find((r) => r.ExpirationInDays !== undefined).ExpirationInDays = 1),
  },
  {
    name: "an observability link sharing the account's log groups with a monitoring account",
    rule: 'Isolation-LOG4',
    mutate: (t) => {
      const file = jobLogs(t) && one(t, 'AWS::CloudTrail::Trail').file;
      t[file].Resources.Observe = {
        Type: 'AWS::Oam::Link',
        Properties: {
          LabelTemplate: '$AccountName',
          ResourceTypes: ['AWS::CloudWatch::Metric', 'AWS::Logs::LogGroup'],
          SinkIdentifier: 'arn:aws:oam:eu-west-1:999988887777:sink/abcd',
        },
      };
    },
  },
  {
    name: "the audit bucket's expiration left to a parameter whose default is a day",
    rule: 'Isolation-AUDIT1',
    mutate: (t) => {
      const audit = bucket(t, 'audit');
      t[audit.file].Parameters = { ...t[audit.file].Parameters, KeepDays: { Type: 'Number', Default: 1 } };
      lifecycleOf(t, 'audit').find((r) => r.ExpirationInDays !== undefined && !r.Prefix).ExpirationInDays = {
        Ref: 'KeepDays',
      };
    },
  },
];

mutationSuite(MUTANTS);
