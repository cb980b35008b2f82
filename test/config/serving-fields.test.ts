/** Issue 12: the project file's serving section, every problem at once, phrased as expectations. */
import { stringify } from 'yaml';
import { parseProject } from '../../lib/config';
import { projectInput } from '../helpers';

const IMAGE = `111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/inference@sha256:${'0b'.repeat(32)}`;
const endpoint = (overrides: Record<string, unknown> = {}) => ({
  name: 'contracts-chat',
  run: 'legal--contracts-lora-1',
  image: IMAGE,
  instanceType: 'ml.m5.xlarge',
  consumers: ['role/contracts-app'],
  ...overrides,
});
const parse = (serving: unknown) =>
  parseProject('projects/legal.yaml', stringify({ ...projectInput(), serving }));
const problems = (serving: unknown) =>
  parse(serving).problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);

test('no serving section: no endpoints, captures kept 7 days', () => {
  const { config } = parseProject('projects/legal.yaml', stringify(projectInput()));
  expect(config!.serving).toEqual({ captureDays: 7, endpoints: [] });
});

test('a valid endpoint is accepted with one instance by default', () => {
  const { config, problems: found } = parse({ endpoints: [endpoint()] });
  expect(found).toEqual([]);
  expect(config!.serving.endpoints[0]).toMatchObject({ name: 'contracts-chat', instanceCount: 1 });
});

test('every problem of every endpoint at once, naming the field and the value', () => {
  const found = problems({
    captureDays: 90,
    endpoints: [
      endpoint({ instanceType: 'ml.g5.2xlarge', consumers: ['arn:aws:iam::111122223333:root'] }),
      endpoint({ image: 'inference:latest', instanceCount: 9 }),
      endpoint({ name: 'Bad--Name', consumers: ['arn:aws:iam::444455556666:role/app'] }),
      endpoint(),
      endpoint({ consumers: [] }),
    ],
  });
  expect(found).toEqual(
    expect.arrayContaining([
      'projects/legal.yaml: serving.captureDays: expected an integer from 1 to 30, got 90',
      expect.stringMatching(
        /^projects\/legal\.yaml: serving\.endpoints\[0\]\.instanceType: expected one of: ml\.m5\.large, .*got "ml\.g5\.2xlarge"$/,
      ),
      expect.stringMatching(
        /serving\.endpoints\[0\]\.consumers\[0\]: expected a role or user, not the account root/,
      ),
      expect.stringMatching(/serving\.endpoints\[1\]\.image: expected an ECR image pinned by digest/),
      'projects/legal.yaml: serving.endpoints[1].instanceCount: expected an integer from 1 to 4, got 9',
      expect.stringMatching(/serving\.endpoints\[2\]\.name: expected an endpoint name/),
      expect.stringMatching(
        /serving\.endpoints\[4\]\.consumers: expected at least one IAM role or user who may invoke the endpoint/,
      ),
    ]),
  );
});

test('once every field is well formed, every cross-field problem at once', () => {
  const other = IMAGE.replace('eu-west-1', 'us-east-1');
  expect(
    problems({
      endpoints: [
        endpoint({ run: 'hr--other-run' }),
        endpoint({ consumers: ['arn:aws:iam::444455556666:role/app'] }),
        endpoint({ name: 'summaries', image: other }),
      ],
    }),
  ).toEqual([
    'projects/legal.yaml: serving.endpoints[0].run: expected a run of this project (a training job name starting legal--), got "hr--other-run"',
    'projects/legal.yaml: serving.endpoints[1].name: expected each endpoint name once, got "contracts-chat"',
    `projects/legal.yaml: serving.endpoints[1].consumers[0]: expected a role or user of the project's account 111122223333 (arn:aws:iam::111122223333:...), got "arn:aws:iam::444455556666:role/app"`,
    expect.stringMatching(
      /^projects\/legal\.yaml: serving\.endpoints\[2\]\.image: expected an image in the project's region eu-west-1, got "111122223333\.dkr\.ecr\.us-east-1/,
    ),
  ]);
});

test('consumers of another account are refused, even when the endpoint is otherwise valid', () => {
  expect(problems({ endpoints: [endpoint({ consumers: ['arn:aws:iam::444455556666:role/app'] })] })).toEqual([
    `projects/legal.yaml: serving.endpoints[0].consumers[0]: expected a role or user of the project's account 111122223333 (arn:aws:iam::111122223333:...), got "arn:aws:iam::444455556666:role/app"`,
  ]);
});

test('an image in another region is refused', () => {
  expect(problems({ endpoints: [endpoint({ image: IMAGE.replace('eu-west-1', 'us-east-1') })] })).toEqual([
    expect.stringMatching(
      /serving\.endpoints\[0\]\.image: expected an image in the project's region eu-west-1/,
    ),
  ]);
});
