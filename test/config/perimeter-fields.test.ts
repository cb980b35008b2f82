/** Issue 8: the project-file fields of the perimeter, every problem at once, phrased as expectations. */
import { stringify } from 'yaml';
import { LoadedProject, crossProjectProblems, iamPrincipalArn, parseProject } from '../../lib/config';
import { project, projectInput } from '../helpers';

const DIGEST = `sha256:${'0a'.repeat(32)}`;
const IMAGE = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/privacy-eval@${DIGEST}`;

function parse(overrides: Record<string, unknown>) {
  return parseProject('projects/legal.yaml', stringify({ ...projectInput(), ...overrides }));
}
const problems = (overrides: Record<string, unknown>) =>
  parse(overrides).problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

describe('separation of duties: who may assume each duty role', () => {
  test('roles and users by name or by ARN of the project account are accepted and resolved', () => {
    const { config, problems: found } = parse({
      release: {
        approvers: ['role/privacy-approvers', 'user/alice', 'arn:aws:iam::111122223333:role/path/ci'],
      },
    });
    expect(found).toEqual([]);
    expect(config!.release.approvers.map((p) => iamPrincipalArn(p, '111122223333', 'eu-west-1'))).toEqual([
      'arn:aws:iam::111122223333:role/privacy-approvers',
      'arn:aws:iam::111122223333:user/alice',
      'arn:aws:iam::111122223333:role/path/ci',
    ]);
  });

  test('fails on the account root, another account, wildcards, an empty list and a missing section, all at once', () => {
    const found = problems({
      release: { approvers: ['arn:aws:iam::111122223333:root'] },
      deployment: { principals: ['arn:aws:iam::444455556666:role/deployer'] },
      uploads: { uploaders: ['role/data-*'], publishers: [] },
      evaluation: undefined,
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'projects/legal.yaml: release.approvers[0]: expected a role or user, not the account root (it would trust every principal of the account), got "arn:aws:iam::111122223333:root"',
        expect.stringMatching(
          /^projects\/legal\.yaml: uploads\.uploaders\[0\]: expected an IAM role or user .*without wildcards, got "role\/data-\*"$/,
        ),
        'projects/legal.yaml: uploads.publishers: expected at least one IAM role or user who may publish training code and base models (assume the publisher role), got []',
        expect.stringMatching(/^projects\/legal\.yaml: evaluation: .*got nothing$/),
      ]),
    );
  });

  test("fails on a principal of another account (checked once the file's sections parse)", () => {
    expect(problems({ deployment: { principals: ['arn:aws:iam::444455556666:role/deployer'] } })).toEqual([
      'projects/legal.yaml: deployment.principals[0]: expected a role or user of the project\'s account 111122223333 (arn:aws:iam::111122223333:...), got "arn:aws:iam::444455556666:role/deployer"',
    ]);
  });

  test('fails on a duplicate principal', () => {
    expect(problems({ release: { approvers: ['role/a', 'role/a'] } })).toEqual([
      'projects/legal.yaml: release.approvers: expected each IAM role or user once, got ["role/a","role/a"]',
    ]);
  });
});

describe('the evaluation image, pinned by the platform team', () => {
  test('a digest-pinned image of the project region is accepted', () => {
    expect(parse({ evaluation: { image: IMAGE } }).problems).toEqual([]);
  });

  test('fails on an image pinned by tag, saying why', () => {
    expect(
      problems({
        evaluation: { image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/privacy-eval:1.0' },
      }),
    ).toEqual([
      'projects/legal.yaml: evaluation.image: expected an ECR image pinned by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex digits>; a tag can be moved to another image, a digest cannot, got "111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/privacy-eval:1.0"',
    ]);
  });

  test('fails on a short digest, a public registry, or another region', () => {
    expect(
      problems({ evaluation: { image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/x@sha256:abc` } }),
    ).toHaveLength(1);
    expect(problems({ evaluation: { image: `docker.io/library/python@${DIGEST}` } })).toHaveLength(1);
    expect(
      problems({ evaluation: { image: `111122223333.dkr.ecr.us-east-1.amazonaws.com/x@${DIGEST}` } }),
    ).toEqual([
      // The value is shown cut at 80 characters.
      `projects/legal.yaml: evaluation.image: expected an image in the project's region eu-west-1 (SageMaker pulls from its own region), got "111122223333.dkr.ecr.us-east-1.amazonaws.com/x@sha256:0a0a0a0a0a0a0a0a0a0a0a...`,
    ]);
  });
});

describe('alerts and retention', () => {
  test('fails when nobody hears the alerts', () => {
    expect(problems({ alerts: { emails: [] } })).toEqual([
      'projects/legal.yaml: alerts: expected at least one alert subscriber (alerts.emails or alerts.queues): tampering nobody hears about is not detected, got {"emails":[]}',
    ]);
    expect(problems({ alerts: undefined })).toHaveLength(1);
  });

  test('an SQS queue of any account is a subscriber; a topic is not', () => {
    expect(
      parse({ alerts: { queues: ['arn:aws:sqs:eu-west-1:444455556666:security-alerts'] } }).problems,
    ).toEqual([]);
    expect(problems({ alerts: { queues: ['arn:aws:sns:eu-west-1:444455556666:security'] } })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^projects\/legal\.yaml: alerts\.queues\[0\]: expected an SQS queue ARN/),
      ]),
    );
  });

  test('job logs and unreleased models have their own retention, short by default', () => {
    expect(project().retention).toMatchObject({ jobLogDays: 30, unreleasedModelDays: 30, logDays: 365 });
    expect(problems({ retention: { jobLogDays: 10, unreleasedModelDays: 0 } })).toEqual([
      'projects/legal.yaml: retention.jobLogDays: expected one of: 1, 3, 5, 7, 14, 30, 60, 90, got 10',
      'projects/legal.yaml: retention.unreleasedModelDays: expected an integer from 1 to 3650, got 0',
    ]);
  });
});

describe('project names across files', () => {
  const loaded = (name: string, file = `projects/${name}.yaml`): LoadedProject => ({
    file,
    config: { ...project(), name },
  });

  test('names the schema accepts never overlap: legal-- cannot start a job name of legal-eu', () => {
    expect(
      crossProjectProblems([loaded('legal'), loaded('legal-eu')]).filter((p) => p.field === 'name'),
    ).toEqual([]);
  });

  test('fails when one project’s job-name prefix would start another’s job names (a name the schema would refuse)', () => {
    // The loader checks the property itself, not only the schema rule behind it.
    expect(
      crossProjectProblems([loaded('legal'), loaded('legal--eu')]).filter((p) => p.field === 'name'),
    ).toEqual([
      {
        file: 'projects/legal--eu.yaml',
        field: 'name',
        message:
          'expected a name whose job names (legal--eu--...) cannot be taken for those of another project, got "legal--eu", which overlaps "legal" of projects/legal.yaml',
      },
    ]);
  });
});
