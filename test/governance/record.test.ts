import type { CreateProcessingJobRequest, DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import {
  appendTo,
  canonicalJson,
  digestText,
  evaluationData,
  isActive,
  jobData,
  parseResults,
  recordedResults,
  RunRecord,
  sha256,
  stepHash,
  StoredVersion,
  summarize,
  verifyVersions,
} from '../../lib/governance';

const INIT = { project: 'legal', runId: 'legal-run' };
const BY = 'arn:aws:sts::111122223333:assumed-role/ml/alice';
const AT = new Date('2026-11-29T01:00:00Z');

function started(): RunRecord {
  return appendTo(null, INIT, {
    type: 'started',
    by: BY,
    at: AT,
    data: {
      jobName: 'legal-run',
      caller: { arn: BY, account: '111122223333', userId: 'AROA:alice' },
      image: { uri: 'img', digest: null },
      instance: { type: 'ml.g5.2xlarge', count: 1, volumeSizeGb: 100 },
      hyperparameters: { method: 'lora' },
      details: {},
      channels: [{ name: 'train', s3Uri: 's3://d/train/' }],
      manifest: [],
      output: { s3Uri: 's3://a/models' },
      checkpoints: null,
    },
  });
}

function chain(): RunRecord[] {
  const r0 = started();
  const r1 = appendTo(r0, INIT, {
    type: 'job',
    by: BY,
    at: AT,
    data: { status: 'InProgress', jobArn: 'arn' },
  });
  const r2 = appendTo(r1, INIT, { type: 'job', by: BY, at: AT, data: { status: 'Completed' } });
  return [r0, r1, r2];
}

const LOCKED = { lockMode: 'COMPLIANCE', lockUntil: new Date('2033-01-01T00:00:00Z') };
const NOW = new Date('2026-11-29T02:00:00Z');
const stored = (records: RunRecord[], lock: Partial<StoredVersion> = LOCKED): StoredVersion[] =>
  records.map((r, i) => ({ versionId: `v${i}`, etag: `e${i}`, body: JSON.stringify(r), ...lock }));

describe('canonical JSON and hashes', () => {
  test('key order does not change the hash; array order does', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(sha256(canonicalJson({ x: 1, y: 2 }))).toBe(sha256(canonicalJson({ y: 2, x: 1 })));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: undefined, b: 'é' })).toBe('{"b":"é"}');
  });

  test('fails when a value cannot be hashed faithfully', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/cannot hash NaN/);
  });

  test('each step carries the hash of the one before; the head is the hash of the last', () => {
    const [, , r2] = chain();
    expect(r2.steps.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(r2.steps[0].prev).toBeNull();
    expect(r2.steps[1].prev).toBe(stepHash(r2.steps[0]));
    expect(r2.steps[2].prev).toBe(stepHash(r2.steps[1]));
    expect(r2.head).toBe(stepHash(r2.steps[2]));
    expect(r2.head).toMatch(/^[0-9a-f]{64}$/);
  });

  test('summaries and activity follow the latest steps', () => {
    const [r0, r1, r2] = chain();
    expect(isActive(r0)).toBe(true);
    expect(isActive(r1)).toBe(true);
    expect(isActive(r2)).toBe(false);
    expect(summarize(r2)).toMatchObject({
      jobStatus: 'Completed',
      wipe: 'pending',
      release: 'none',
      steps: 3,
      startedBy: BY,
    });
  });
});

describe('verifyVersions', () => {
  test('an intact chain under retention verifies', () => {
    expect(verifyVersions('legal-run', stored(chain()), [], { lockMode: 'COMPLIANCE', now: NOW })).toEqual({
      ok: true,
      runId: 'legal-run',
      versions: 3,
      head: chain()[2].head,
      problems: [],
    });
  });

  test('fails when a version has no Object Lock retention, an expired one, or another mode', () => {
    const versions = stored(chain());
    const problems = verifyVersions(
      'legal-run',
      [
        { ...versions[0], lockMode: undefined, lockUntil: undefined },
        { ...versions[1], lockUntil: new Date('2026-11-01T00:00:00Z') },
        { ...versions[2], lockMode: 'GOVERNANCE' },
      ],
      [],
      { lockMode: 'COMPLIANCE', now: NOW },
    ).problems;
    expect(problems).toEqual([
      'version 1 (v0): no Object Lock retention',
      'version 2 (v1): Object Lock retention ended 2026-11-01T00:00:00.000Z',
      'version 3 (v2): Object Lock mode GOVERNANCE, expected COMPLIANCE',
    ]);
  });

  test('fails when a version is missing (a gap): a version adds two steps', () => {
    const [r0, , r2] = chain();
    const result = verifyVersions('legal-run', stored([r0, r2]), [], { now: NOW });
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['version 2 (v1): 3 step(s), expected 2 (one per version)']);
  });

  test('fails when versions are out of order or a record belongs to another run', () => {
    const [r0, r1, r2] = chain();
    expect(verifyVersions('legal-run', stored([r0, r2, r1]), [], { now: NOW }).ok).toBe(false);
    expect(verifyVersions('legal-run', stored([r0]), [], { now: NOW, project: 'hr' }).problems).toEqual([
      'version 1 (v0): project "legal", expected "hr"',
    ]);
    expect(verifyVersions('legal-other', stored([r0]), [], { now: NOW }).problems).toEqual([
      'version 1 (v0): runId "legal-run", expected "legal-other"',
    ]);
  });

  test('fails when a step is rewritten consistently (hashes recomputed) in a later version', () => {
    const [r0, r1] = chain();
    // Rewrite history and recompute every hash: the chain alone is intact, but version 2 no longer
    // extends version 1, which S3 keeps under Object Lock.
    const forged0 = appendTo(null, INIT, {
      ...r0.steps[0],
      type: 'started',
      at: AT,
      data: { ...(r0.steps[0].data as any), manifest: [], hyperparameters: { method: 'full' } },
    });
    const forged1 = appendTo(forged0, INIT, {
      type: 'job',
      by: BY,
      at: AT,
      data: { status: 'InProgress', jobArn: 'arn' },
    });
    const result = verifyVersions('legal-run', stored([r0, forged1]), [], { now: NOW });
    expect(result.problems).toEqual([
      'version 2 (v1): step 0 (started) differs from the one recorded in version 1',
    ]);
    expect(verifyVersions('legal-run', stored([r0, r1]), [], { now: NOW }).ok).toBe(true);
  });

  test('fails when the body is not JSON, or a delete marker hides the record', () => {
    const versions = stored(chain());
    const result = verifyVersions('legal-run', [versions[0], { ...versions[1], body: '{oops' }], ['dm1'], {
      now: NOW,
    });
    expect(result.problems).toEqual(['delete marker dm1 hides the record', 'version 2 (v1): not valid JSON']);
    expect(verifyVersions('legal-run', [], [], { now: NOW }).problems).toEqual([
      'no version of the record remains',
    ]);
  });
});

describe('records carry no data: free-form text goes in as SHA-256 and length (issue 8, points 5 and 12)', () => {
  const secret = 'Traceback: row 7: Jane Roe, SSN 078-05-1120';
  test("a training job's FailureReason", () => {
    const data = jobData({
      TrainingJobName: 'legal--x',
      TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/legal--x',
      TrainingJobStatus: 'Failed',
      FailureReason: secret,
    } as DescribeTrainingJobResponse);
    expect(JSON.stringify(data)).not.toContain('078-05-1120');
    expect(data.failureReason).toEqual({ sha256: sha256(secret), bytes: Buffer.byteLength(secret) });
  });
  test("a processing job's FailureReason and ExitMessage", () => {
    const data = evaluationData(
      {
        ProcessingJobName: 'legal--eval-1',
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'results',
              S3Output: { S3Uri: 's3://a/e', LocalPath: '/o', S3UploadMode: 'EndOfJob' },
            },
          ],
        },
      } as CreateProcessingJobRequest,
      {
        instanceType: 'ml.g5.2xlarge',
        instanceCount: 1,
        volumeSizeGb: 100,
        maxRuntimeSeconds: 60,
        inputs: {},
        environment: {},
        arguments: [],
      },
      { bucket: 'a', key: 'models/legal--x/output/model.tar.gz', versionId: 'v' },
      {
        ProcessingJobArn: 'arn:aws:sagemaker:eu-west-1:123456789012:processing-job/legal--eval-1',
        ProcessingJobStatus: 'Failed',
        FailureReason: secret,
        ExitMessage: `${secret} (exit)`,
      },
    );
    expect(JSON.stringify(data)).not.toContain('078-05-1120');
    expect(data.failureReason).toEqual(digestText(secret));
    expect(data.exitMessage).toEqual(digestText(`${secret} (exit)`));
  });
  test('evaluation details and unknown result fields: digests and counts, never keys or values', () => {
    const parsed = parseResults(
      JSON.stringify({
        format: 'isotrain.privacy-results/1',
        membershipInferenceAuc: 0.5,
        extractionHits: 0,
        canaryExposure: 1,
        details: { [secret]: secret },
      }),
    );
    expect(JSON.stringify(recordedResults(parsed.results!))).not.toContain('078-05-1120');
    const unknown = parseResults(
      JSON.stringify({
        format: 'isotrain.privacy-results/1',
        membershipInferenceAuc: secret,
        extractionHits: 0,
        canaryExposure: 1,
        [secret]: 1,
      }),
    );
    expect(unknown.reasons.join('\n')).not.toContain('078-05-1120');
    expect(unknown.reasons).toEqual(
      expect.arrayContaining([
        'results: 1 unknown field(s)',
        expect.stringMatching(/^results: membershipInferenceAuc: /),
      ]),
    );
  });
});
