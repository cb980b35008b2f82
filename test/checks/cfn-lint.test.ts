import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCfnLint } from '../../lib/checks/cfn-lint';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-lint-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Templates with errors and warnings of several kinds (schema, references, IAM, unused parameter). */
const TEMPLATES: Record<string, unknown> = {
  'broken.json': {
    Parameters: { Unused: { Type: 'String' } },
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketNam: 'x', VersioningConfiguration: {} } },
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Statement: [{ Effect: 'Allowed', Action: 's3:GetObject', Resource: { Ref: 'Nothing' } }],
          },
        },
      },
    },
  },
  'fine.json': {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'alerts' } } },
    Outputs: { Arn: { Value: { Ref: 'Topic' } } },
  },
};

describe('cfn-lint started early, its rules loaded while the app synthesizes', () => {
  test('reports exactly what the cfn-lint command reports, for every template at once', () => {
    const files = Object.entries(TEMPLATES).map(([name, body]) => {
      const file = path.join(work, name);
      fs.writeFileSync(file, JSON.stringify(body, null, 2));
      return file;
    });
    const warm = runCfnLint(files);
    expect(warm.available).toBe(true);
    expect(warm.error).toBeUndefined();
    expect(warm.version).toMatch(/^\d+\.\d+/);

    const cold = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf8' });
    const expected = (
      JSON.parse(cold.stdout) as { Rule: { Id: string }; Filename: string; Message: string }[]
    ).map((m) => `${path.basename(m.Filename)} ${m.Rule.Id} ${m.Message}`);
    const got = warm.matches.map((m) => `${path.basename(m.file)} ${m.rule} ${m.message}`);
    expect(got.sort()).toEqual(expected.sort());
    // Errors and warnings both, so the comparison covers more than an empty list.
    expect(warm.matches.some((m) => m.level === 'error')).toBe(true);
    expect(warm.matches.some((m) => m.level === 'warning')).toBe(true);
  });
});
