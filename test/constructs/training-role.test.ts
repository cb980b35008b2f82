import { Template } from 'aws-cdk-lib/assertions';
import { project, synthProject } from '../helpers';

function roleByPurpose(t: Template, purpose: string) {
  const [[id, role]] = Object.entries(t.findResources('AWS::IAM::Role')).filter(([, r]) =>
    (r.Properties.Tags ?? []).some((tag: any) => tag.Key === 'isotrain:purpose' && tag.Value === purpose),
  );
  const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    JSON.stringify(p.Properties.Roles ?? []).includes(id),
  );
  const statements = policy.Properties.PolicyDocument.Statement as any[];
  return { id, role, statements, sid: (sid: string) => statements.find((s) => s.Sid === sid) };
}

describe('TrainingRole', () => {
  const { data } = synthProject(
    project({
      training: {
        ecrRepositories: [
          'isotrain/finetune',
          'arn:aws:ecr:eu-west-1:763104351884:repository/huggingface-pytorch-training',
        ],
        // The role's baseline; with the redaction gate on it also denies raw uploads (test/stacks/redaction.test.ts).
        requireRedaction: false,
      },
    }),
  );
  const { role, statements, sid } = roleByPurpose(data, 'training-role');

  test('trusted by SageMaker on behalf of this account only', () => {
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'sagemaker.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
    ]);
  });

  test('allowed exactly the listed statements, and nothing on whole services', () => {
    expect(statements.map((s) => s.Sid).sort()).toEqual(
      [
        'AuthenticateToEcr',
        'CreateJobNetworkInterfaces',
        'DescribeNetworkForVpcJobs',
        'DescribeJobLogStreams',
        'GrantKeysToSageMakerVolumes',
        'ListArtifacts',
        'ListTrainingData',
        'ManageJobNetworkInterfaces',
        'PullTrainingImages',
        'ReadTrainingData',
        'ReadWriteOwnJobOutputs',
        'UseArtifactsKey',
        'UseDataKey',
        'WriteOwnJobLogs',
        // Issue 8, point 6: nothing running as the role reads, exports or unmasks the job logs.
        'DenyJobLogsAccess',
        'DenyAccountLogPolicies',
      ].sort(),
    );
    for (const s of statements) {
      expect(s.Effect).toBe(s.Sid.startsWith('Deny') ? 'Deny' : 'Allow');
      if (s.Effect === 'Allow') for (const action of [s.Action].flat()) expect(action).not.toMatch(/\*$/);
    }
  });

  test('reads training data but cannot write or delete it', () => {
    expect(sid('ReadTrainingData').Action).toEqual(['s3:GetObject', 's3:GetObjectVersion']);
    const dataWrites = statements.filter(
      (s) =>
        JSON.stringify(s.Resource).includes('TrainingData') && JSON.stringify(s.Action).match(/Put|Delete/),
    );
    expect(dataWrites).toEqual([]);
  });

  test("writes its own jobs' models, checkpoints and evaluations only, never deletes (issue 8, point 11)", () => {
    const s = sid('ReadWriteOwnJobOutputs');
    expect(s.Action).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject']));
    const keys = (s.Resource as any[]).map((r) => r['Fn::Join'][1][1]);
    expect(keys.sort()).toEqual(['/checkpoints/legal--*', '/evaluations/legal--*', '/models/legal--*']);
    expect(JSON.stringify(statements)).not.toContain('s3:DeleteObject');
  });

  test('uses exactly the two project keys, and grants only to AWS resources', () => {
    // Keys live in the Keys stack: the role refers to their outputs there.
    expect(JSON.stringify(sid('UseDataKey').Resource)).toMatch(/"StackName":"legal-Keys".*KeysData/);
    expect(JSON.stringify(sid('UseArtifactsKey').Resource)).toMatch(
      /"StackName":"legal-Keys".*KeysArtifacts/,
    );
    expect(sid('GrantKeysToSageMakerVolumes').Condition).toEqual({
      Bool: { 'kms:GrantIsForAWSResource': 'true' },
    });
  });

  test("writes only its own jobs' log streams, training and evaluation", () => {
    const resources = sid('WriteOwnJobLogs').Resource;
    expect(resources).toHaveLength(2);
    expect(resources).toEqual(
      expect.arrayContaining([
        'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/TrainingJobs:log-stream:legal--*',
        'arn:aws:logs:eu-west-1:111122223333:log-group:/aws/sagemaker/ProcessingJobs:log-stream:legal--*',
      ]),
    );
  });

  test('pulls only from the configured repositories and the pinned evaluation image, names resolved to this account and region', () => {
    expect([...sid('PullTrainingImages').Resource].sort()).toEqual([
      'arn:aws:ecr:eu-west-1:111122223333:repository/isotrain/finetune',
      'arn:aws:ecr:eu-west-1:111122223333:repository/isotrain/privacy-eval',
      'arn:aws:ecr:eu-west-1:763104351884:repository/huggingface-pytorch-training',
    ]);
  });

  test('network interfaces only in the project subnets, security group and VPC', () => {
    const create = JSON.stringify(sid('CreateJobNetworkInterfaces').Resource);
    expect(create).toContain(':subnet/');
    expect(create).toContain(':security-group/');
    expect(JSON.stringify(sid('ManageJobNetworkInterfaces').Condition)).toContain(':vpc/');
  });
});

describe('UploaderRole', () => {
  const { data } = synthProject(project());
  const { statements } = roleByPurpose(data, 'uploader-role');

  test('may only put objects under datasets/ of the training-data bucket: no read, list or delete', () => {
    const s3Actions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
      's3:PutObject',
    ]);
    const resources = statements.find((s) => s.Sid === 'PutUnderOwnPrefixesOnly').Resource;
    expect(JSON.stringify(resources)).toContain('TrainingData');
    expect(JSON.stringify(resources)).toMatch(/"\/datasets\/\*"/);
    expect(JSON.stringify(resources)).not.toMatch(/code|base-models/);
  });

  test('uses the data key only through S3', () => {
    expect(statements.find((s) => s.Sid === 'EncryptUploadsWithDataKey').Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
    });
  });
});

describe('PublisherRole', () => {
  const { data } = synthProject(project());
  const { statements } = roleByPurpose(data, 'publisher-role');

  test('may only put code and base models: no datasets, no read, list or delete', () => {
    const resources = JSON.stringify(statements.find((s) => s.Sid === 'PutUnderOwnPrefixesOnly').Resource);
    expect(resources).toMatch(/"\/code\/\*"/);
    expect(resources).toMatch(/"\/base-models\/\*"/);
    expect(resources).not.toContain('datasets');
    const s3Actions = statements.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual([
      's3:AbortMultipartUpload',
      's3:ListMultipartUploadParts',
      's3:PutObject',
    ]);
  });
});
