import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { OBJECT_DATA_READ_ACTIONS as OBJECT_READ_ACTIONS } from '../../lib/contract';
import { project, synthProject } from '../helpers';
import { SimRequest, denyingStatements } from '../governance/policy-sim';

function byPurpose(t: Template, type: string, purpose: string): string {
  const [id] = Object.entries(t.findResources(type))
    .filter(([, r]) =>
      (r.Properties.Tags ?? []).some((tag: any) => tag.Key === 'isotrain:purpose' && tag.Value === purpose),
    )
    .map(([logicalId]) => logicalId);
  if (!id) throw new Error(`no ${type} with purpose ${purpose}`);
  return id;
}

function managedPolicyOf(t: Template, roleId: string): any[] {
  const [policy] = Object.values(t.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
    JSON.stringify(p.Properties.Roles ?? []).includes(roleId),
  );
  return policy.Properties.PolicyDocument.Statement;
}

describe('release gate: roles and the artifact bucket policy', () => {
  const { data, stage } = synthProject(project());
  const artifacts = byPurpose(data, 'AWS::S3::Bucket', 'artifacts');
  const trainingData = byPurpose(data, 'AWS::S3::Bucket', 'training-data');
  const release = byPurpose(data, 'AWS::IAM::Role', 'release-role');
  const deployment = byPurpose(data, 'AWS::IAM::Role', 'deployment-role');
  const training = byPurpose(data, 'AWS::IAM::Role', 'training-role');
  const [endpoint] = Object.keys(data.findResources('AWS::EC2::VPCEndpoint'));
  const policyOf = (bucket: string): any[] =>
    Object.values(data.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === bucket,
    )!.Properties.PolicyDocument.Statement;

  const MODEL = `arn(${artifacts})/models/legal--run/output/model.tar.gz`;
  const RESULTS = `arn(${artifacts})/evaluations/legal--run/legal--eval-1/results.json`;
  const CHECKPOINT = `arn(${artifacts})/checkpoints/legal--run/step-1.pt`;
  const outside = (principal: string, extra: Record<string, string | string[]> = {}) => ({
    'aws:PrincipalArn': `arn(${principal})`,
    'aws:SecureTransport': 'true',
    's3:TlsVersion': '1.3',
    ...extra,
  });
  const inside = (principal: string, extra: Record<string, string | string[]> = {}) =>
    outside(principal, { 'aws:SourceVpce': `ref(${endpoint})`, ...extra });
  const approved = { 's3:ExistingObjectTag/isotrain:release': 'approved' };
  const denied = (bucket: string, req: SimRequest) => denyingStatements(policyOf(bucket), req);
  const read = (resource: string, context: SimRequest['context'], action = 's3:GetObject'): SimRequest => ({
    action,
    resource,
    context,
  });

  test('the deployment role reads a released model version from outside the project network', () => {
    for (const action of ['s3:GetObject', 's3:GetObjectVersion'])
      expect(denied(artifacts, read(MODEL, outside(deployment, approved), action))).toEqual([]);
  });

  test('fails when an unreleased version is read from outside, even by the deployment role', () => {
    for (const action of OBJECT_READ_ACTIONS)
      expect(denied(artifacts, read(MODEL, outside(deployment), action))).toEqual([
        'DenyUnreleasedReadsOutsideTheProjectEndpoint',
      ]);
    expect(
      denied(
        artifacts,
        read(MODEL, outside(deployment, { 's3:ExistingObjectTag/isotrain:release': 'pending' })),
      ),
    ).toEqual(['DenyUnreleasedReadsOutsideTheProjectEndpoint']);
  });

  test('fails when anyone but the deployment role reads a released version from outside', () => {
    for (const principal of [training, release, 'SomeAdminRole'])
      expect(denied(artifacts, read(MODEL, outside(principal, approved)))).not.toEqual([]);
    expect(denied(artifacts, read(MODEL, outside(training, approved)))).toEqual([
      'DenyObjectReadsOutsideTheProjectEndpoint',
    ]);
  });

  test('the release role reads evaluation results from outside, and nothing else', () => {
    expect(denied(artifacts, read(RESULTS, outside(release)))).toEqual([]);
    expect(denied(artifacts, read(MODEL, outside(release)))).toEqual([
      'DenyReleaseRoleReadsBeyondResultsOutsideTheProjectEndpoint',
    ]);
    expect(denied(artifacts, read(RESULTS, outside(training)))).toEqual([
      'DenyObjectReadsOutsideTheProjectEndpoint',
    ]);
  });

  test('reads through the project endpoint are not the gate’s concern', () => {
    expect(denied(artifacts, read(MODEL, inside(training)))).toEqual([]);
  });

  test('the training-data bucket has no exception: released or not, outside reads are denied', () => {
    const object = `arn(${trainingData})/datasets/a.jsonl`;
    expect(denyingStatements(policyOf(trainingData), read(object, outside(deployment, approved)))).toEqual([
      'DenyObjectReadsOutsideTheProjectEndpoint',
    ]);
  });

  test('only the release role sets the release tag (from outside, as isotrain release does), and only on model artifacts', () => {
    const tag = (principal: string, resource: string, action = 's3:PutObjectTagging'): SimRequest => ({
      action,
      resource,
      context: outside(principal, { 's3:RequestObjectTagKeys': ['isotrain:release'] }),
    });
    expect(denied(artifacts, tag(release, MODEL))).toEqual([]);
    expect(denied(artifacts, tag(release, MODEL, 's3:PutObjectVersionTagging'))).toEqual([]);
    expect(denied(artifacts, tag('SomeEngineerRole', MODEL))).toEqual([
      'OnlyTheReleaseRoleSetsTheReleaseTag',
    ]);
    expect(denied(artifacts, tag(deployment, MODEL))).toEqual(['OnlyTheReleaseRoleSetsTheReleaseTag']);
    expect(denied(artifacts, tag(release, CHECKPOINT))).toEqual(['OnlyModelArtifactsCarryTheReleaseTag']);
    // The training role writes through the endpoint and never tags (issue 8: tags carry nothing from inside).
    const insideTag = (action: string): SimRequest => ({
      action,
      resource: MODEL,
      context: inside(training, { 's3:RequestObjectTagKeys': ['isotrain:release'] }),
    });
    expect(denied(artifacts, insideTag('s3:PutObjectTagging'))).toEqual([
      'OnlyTheReleaseRoleSetsTheReleaseTag',
      'DenyTagWritesThroughTheEndpoint',
      'DenyTagWritesByReaders',
    ]);
    expect(denied(artifacts, insideTag('s3:PutObject'))).toEqual(['OnlyTheReleaseRoleSetsTheReleaseTag']);
  });

  test('fails when another principal changes or removes the tags of a released object', () => {
    for (const action of ['s3:PutObjectTagging', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'])
      expect(
        denied(artifacts, { action, resource: MODEL, context: outside('SomeEngineerRole', approved) }),
      ).toEqual(['OnlyTheReleaseRoleChangesReleasedObjectTags']);
    // Wipe tags on unreleased checkpoints, set from outside by run governance, are not affected.
    expect(
      denied(artifacts, {
        action: 's3:PutObjectTagging',
        resource: CHECKPOINT,
        context: outside('SomeEngineerRole', { 's3:RequestObjectTagKeys': ['isotrain:wipe'] }),
      }),
    ).toEqual([]);
  });

  test('the deployment role may read only released versions, by its own policy too', () => {
    expect(managedPolicyOf(data, deployment)).toEqual([
      expect.objectContaining({
        Sid: 'ReadReleasedModels',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Condition: { StringEquals: { 's3:ExistingObjectTag/isotrain:release': 'approved' } },
      }),
      expect.objectContaining({ Sid: 'DecryptReleasedModels', Action: 'kms:Decrypt' }),
    ]);
  });

  test('the release role writes no object to the artifact bucket; it tags models and appends records', () => {
    const statements = managedPolicyOf(data, release);
    const onArtifacts = statements.filter((s) => JSON.stringify(s.Resource).includes(artifacts));
    const actions = onArtifacts.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('s3:PutObject');
    expect(actions).not.toContain('s3:DeleteObject');
    expect(actions).not.toContain('s3:DeleteObjectVersion');
    const tagging = statements.find((s) => s.Sid === 'TagReleasedModels');
    expect(tagging.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [artifacts, 'Arn'] }, '/models/legal--*/output/model.tar.gz']],
    });
    expect(statements.find((s) => s.Sid === 'ReadAndAppendRunRecords')).toMatchObject({
      Action: expect.arrayContaining(['s3:PutObject', 's3:GetObjectVersion']),
      Resource: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [byPurpose(data, 'AWS::S3::Bucket', 'audit'), 'Arn'] }, '/runs/*']],
      },
    });
    // The training role cannot set the release tag by its own policy either (it has no tagging action).
    const trainingActions = managedPolicyOf(data, training).flatMap((s) => [s.Action].flat());
    expect(trainingActions.filter((a: string) => /Tagging/.test(a))).toEqual([]);
  });

  test('pins the logical IDs of the gate roles the bucket policy names', () => {
    expect(release).toBe('ReleaseGateReleaseRole7888F9A5');
    expect(deployment).toBe('ReleaseGateDeploymentRole6A393B61');
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['HIPAA', () => new HIPAASecurityChecks()],
    ['NIST', () => new NIST80053R5Checks()],
    ['PCI', () => new PCIDSS321Checks()],
  ])('the Data stack stays clean under %s', (_name, pack) => {
    expect(pack().validateScope(stage.data).violations).toEqual([]);
  });
});
