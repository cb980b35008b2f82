import { Match } from 'aws-cdk-lib/assertions';
import { project, synthProject } from '../helpers';

describe('KeysStack', () => {
  const { keys, stage } = synthProject(project());

  test('three customer-managed keys with rotation and a 30-day deletion window', () => {
    keys.resourceCountIs('AWS::KMS::Key', 3);
    keys.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, PendingWindowInDays: 30 });
  });

  test('keys are retained when removed from the stack or the stack is deleted', () => {
    keys.allResources('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the stack is termination-protected', () => {
    expect(stage.keys.terminationProtection).toBe(true);
  });

  test('aliases name the project and the purpose', () => {
    for (const purpose of ['data', 'artifacts', 'logs']) {
      keys.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/isotrain/legal/${purpose}` });
    }
  });

  test('key policies admit this account and only the log services, each scoped to this account', () => {
    const policies = Object.values(keys.findResources('AWS::KMS::Key')).map(
      (k) => k.Properties.KeyPolicy.Statement,
    );
    for (const statements of policies) {
      for (const s of statements) {
        const principal = JSON.stringify(s.Principal);
        expect(principal).not.toBe('"*"');
        expect(principal).not.toMatch(/"AWS":"\*"/);
        if (s.Principal.Service) expect(JSON.stringify(s.Condition)).toContain('111122223333');
        if (s.Principal.AWS) expect(JSON.stringify(s.Principal.AWS)).toContain(':root');
      }
    }
    keys.hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('flow logs'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:111122223333:log-group:*',
              },
            },
          }),
          Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' } }),
          Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' } }),
          // Alerts: EventBridge publishes to this account's SNS topics encrypted with the key, and no more.
          {
            Sid: 'EventBridgePublishesToThisAccountsEncryptedTopics',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:111122223333:*' },
            },
          },
        ]),
      },
    });
  });

  test('the data and artifact keys admit no service principal at all, only the account (delegating to IAM)', () => {
    for (const what of ['training data', 'model artifacts']) {
      const [key] = Object.values(
        keys.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp(what) } }),
      );
      const statements = key.Properties.KeyPolicy.Statement as { Principal: unknown; Sid: string }[];
      expect(statements.map((s) => s.Principal)).toEqual(
        statements.map(() => ({ AWS: 'arn:aws:iam::111122223333:root' })),
      );
      // Issue 8: no kms:* for the account any more; use is narrowed (test/stacks/perimeter.test.ts evaluates it).
      expect(statements.map((s) => s.Sid)).toEqual([
        'AccountAdministersTheKey',
        'DecryptOnlyThroughS3AndSageMaker',
        'EncryptInThisAccount',
        'GrantsOnlyForAwsResources',
      ]);
    }
  });
});
