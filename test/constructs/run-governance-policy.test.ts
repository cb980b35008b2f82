import { project, synthProject } from '../helpers';

describe('RunGovernancePolicy', () => {
  const { data } = synthProject(project());
  const [[policyId, policy]] = Object.entries(data.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) =>
    id.startsWith('RunGovernancePolicy'),
  );
  const statements: any[] = policy.Properties.PolicyDocument.Statement;
  const sid = (name: string) => statements.find((s) => s.Sid === name);
  const bucketId = (purpose: string) =>
    Object.entries(data.findResources('AWS::S3::Bucket')).find(([, b]) =>
      (b.Properties.Tags ?? []).some((t: any) => t.Key === 'isotrain:purpose' && t.Value === purpose),
    )![0];
  const objects = (purpose: string) => ({
    'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(purpose), 'Arn'] }, '/*']],
  });

  test('pins its logical ID and is published for attaching to launchers', () => {
    expect(policyId).toBe('RunGovernancePolicyD66C3CB4');
    data.hasOutput('RunGovernancePolicyArn', {});
  });

  test('never reads an object of the data or artifact bucket (the perimeter would refuse it anyway)', () => {
    const onData = statements.filter(
      (s) => s.Effect === 'Allow' && /TrainingData|Artifacts/.test(JSON.stringify(s.Resource)),
    );
    const actions = onData.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => /^s3:GetObject(Version)?$/.test(a))).toEqual([]);
    expect(actions).not.toContain('s3:PutObject');
  });

  test('lists versions, and deletes or tags every version of inputs and checkpoints in both buckets', () => {
    expect(sid('ListInputAndCheckpointVersions').Action).toEqual(['s3:ListBucket', 's3:ListBucketVersions']);
    expect(sid('WipeInputsAndCheckpoints')).toMatchObject({
      Action: expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutObjectVersionTagging']),
      Resource: expect.arrayContaining([objects('training-data'), objects('artifacts')]),
    });
  });

  test('carries the fence: denies data reads and decryption, job-log access and becoming a duty role (issue 8)', () => {
    for (const fenced of [
      'DenyReadingProjectData',
      'DenyDecryptingProjectData',
      'DenyBecomingSeparateRoles',
      'DenyJobLogsAccess',
      'DenyAccountLogPolicies',
    ]) {
      expect(sid(fenced)).toMatchObject({ Effect: 'Deny' });
    }
    expect([...sid('DenyBecomingSeparateRoles').Action].sort()).toEqual([
      'sts:AssumeRole',
      'sts:SetSourceIdentity',
      'sts:TagSession',
    ]);
    expect(sid('DenyBecomingSeparateRoles').Resource).toHaveLength(4);
  });

  test('reads and appends run records only under runs/, and follows only the project jobs', () => {
    expect(sid('ReadAndAppendRunRecords').Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId('audit'), 'Arn'] }, '/runs/*']],
    });
    expect(sid('ListRunRecords').Condition).toEqual({ StringLike: { 's3:prefix': 'runs/*' } });
    expect(sid('FollowProjectJobs').Resource).toEqual([
      'arn:aws:sagemaker:eu-west-1:111122223333:processing-job/legal--*',
      'arn:aws:sagemaker:eu-west-1:111122223333:training-job/legal--*',
    ]);
    expect(sid('EncryptRunRecords').Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
    });
  });
});
