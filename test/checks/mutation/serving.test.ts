/**
 * Serving mutants (issue 12): the fixture project with one endpoint, synthesized once for this file,
 * with one way for a served model or its data to leave added; the rule named must flag it. The
 * unmutated fixture is flagged by no Isolation rule.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProjects } from '../../../lib/config/load';
import { ProjectStage } from '../../../lib/infra/project-stage';
import { newApp } from '../../helpers';
import { Json, Templates, all, one, purposeOf, rulesFlagged } from './harness';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'serving', 'projects');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-serving-mutants-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let synthesized: { dir: string; text: Record<string, string> } | undefined;
function fixture() {
  if (!synthesized) {
    const app = newApp({ outdir: path.join(root, 'assembly') });
    const dir = new ProjectStage(app, { project: loadProjects(FIXTURE)[0].config }).synth().directory;
    const text = Object.fromEntries(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
    );
    synthesized = { dir, text };
  }
  return synthesized;
}

function writeTemplates(t: Templates): string[] {
  const dir = fs.mkdtempSync(path.join(root, 'm-'));
  fs.copyFileSync(path.join(fixture().dir, 'manifest.json'), path.join(dir, 'manifest.json'));
  return Object.entries(t).map(([f, body]) => {
    fs.writeFileSync(path.join(dir, f), JSON.stringify(body));
    return path.join(dir, f);
  });
}

const templates = (): Templates =>
  Object.fromEntries(Object.entries(fixture().text).map(([f, t]) => [f, JSON.parse(t)]));
const props = (t: Templates, type: string, pred?: (r: Json) => boolean) => one(t, type, pred).r.Properties;
const invokerPolicy = (t: Templates) => {
  const role = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'serving-invoker').id;
  return props(t, 'AWS::IAM::ManagedPolicy', (r) =>
    (r.Properties.Roles ?? []).some((x: Json) => x.Ref === role),
  ).PolicyDocument;
};

/** The deployment role's serving guardrails (the managed policy that deploys the project's endpoints). */
const deploymentGuardrails = (t: Templates): Json =>
  props(t, 'AWS::IAM::ManagedPolicy', (r) =>
    r.Properties.PolicyDocument.Statement.some((x: Json) => x.Sid === 'DeployProjectEndpoints'),
  ).PolicyDocument;
function dropStatement(doc: Json, sid: string): void {
  if (!doc.Statement.some((x: Json) => x.Sid === sid)) throw new Error(`mutant setup: no statement ${sid}`);
  doc.Statement = doc.Statement.filter((x: Json) => x.Sid !== sid);
}

export const MUTANTS: { name: string; rule: string; mutate: (t: Templates) => void }[] = [
  {
    name: 'the model without network isolation',
    rule: 'Isolation-SERVE1',
    mutate: (t) => (props(t, 'AWS::SageMaker::Model').EnableNetworkIsolation = false),
  },
  {
    name: 'the model outside the project VPC',
    rule: 'Isolation-SERVE1',
    mutate: (t) => delete props(t, 'AWS::SageMaker::Model').VpcConfig,
  },
  {
    name: "the execution role's read without the release-tag condition",
    rule: 'Isolation-SERVE1',
    mutate: (t) => {
      const role = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'serving-role').id;
      const doc = props(t, 'AWS::IAM::ManagedPolicy', (r) =>
        (r.Properties.Roles ?? []).some((x: Json) => x.Ref === role),
      ).PolicyDocument;
      delete doc.Statement.find((s: Json) => s.Sid === 'ReadReleasedModel').Condition;
    },
  },
  {
    name: 'the endpoint config without its volume key',
    rule: 'Isolation-SERVE2',
    mutate: (t) => delete props(t, 'AWS::SageMaker::EndpointConfig').KmsKeyId,
  },
  {
    name: 'captures without their key',
    rule: 'Isolation-SERVE3',
    mutate: (t) => delete props(t, 'AWS::SageMaker::EndpointConfig').DataCaptureConfig.KmsKeyId,
  },
  {
    name: 'the capture bucket keeping captures ten years',
    rule: 'Isolation-SERVE3',
    mutate: (t) => {
      const rules = props(t, 'AWS::S3::Bucket', (r) => purposeOf(r) === 'serving-capture')
        .LifecycleConfiguration.Rules;
      for (const r of rules) if (r.ExpirationInDays) r.ExpirationInDays = 3650;
    },
  },
  {
    name: 'the invoker allowed every endpoint',
    rule: 'Isolation-SERVE4',
    mutate: (t) => (invokerPolicy(t).Statement[0].Resource = '*'),
  },
  {
    name: 'the invoker trusting the account root',
    rule: 'Isolation-SERVE4',
    mutate: (t) => {
      const role = props(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'serving-invoker');
      role.AssumeRolePolicyDocument.Statement[0].Principal = { AWS: 'arn:aws:iam::111122223333:root' };
    },
  },
  // ---- found by the second adversarial review (issue 9, policy half) ----
  {
    name: "the deployment role's model network-isolation Deny deleted",
    rule: 'Isolation-SERVE5',
    mutate: (t) => dropStatement(deploymentGuardrails(t), 'DenyModelsWithoutNetworkIsolation'),
  },
  {
    name: 'the deployment role may hand a model the training role (a model of the training set, served)',
    rule: 'Isolation-SERVE5',
    mutate: (t) => {
      const doc = deploymentGuardrails(t);
      dropStatement(doc, 'DenyPassingOtherRoles');
      const pass = doc.Statement.find((x: Json) => x.Sid === 'PassServingRoles');
      const training = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === 'training-role').id;
      pass.Resource = [pass.Resource, { 'Fn::GetAtt': [training, 'Arn'] }].flat();
    },
  },
  {
    name: "the deployment role's endpoint-config key Deny deleted",
    rule: 'Isolation-SERVE5',
    mutate: (t) => dropStatement(deploymentGuardrails(t), 'DenyEndpointConfigsWithoutProjectKey'),
  },
  {
    name: 'the deployment role may serve models of other projects',
    rule: 'Isolation-SERVE5',
    mutate: (t) => dropStatement(deploymentGuardrails(t), 'DenyEndpointConfigsForOtherModels'),
  },
  {
    name: 'the invoker may also invoke its endpoint asynchronously',
    rule: 'Isolation-SERVE4',
    mutate: (t) => invokerPolicy(t).Statement[0].Action.push('sagemaker:InvokeEndpointAsync'),
  },
  {
    name: "the perimeter's deny of unreleased reads by serving roles deleted",
    rule: 'Isolation-S3VPCE',
    mutate: (t) => {
      for (const { r } of all(t).filter((x) => x.r.Type === 'AWS::S3::BucketPolicy')) {
        const s = r.Properties.PolicyDocument.Statement;
        r.Properties.PolicyDocument.Statement = s.filter(
          (x: Json) => x.Sid !== 'DenyServingRolesUnreleasedReads',
        );
      }
    },
  },
];

test('the fixture with an endpoint is flagged by no Isolation rule', () => {
  expect([...rulesFlagged(writeTemplates(templates()))]).toEqual([]);
});

describe.each(MUTANTS.map((m) => [m.name, m] as const))('mutant: %s', (_name, m) => {
  test(`is flagged by ${m.rule}`, () => {
    const t = templates();
    m.mutate(t);
    expect([...rulesFlagged(writeTemplates(t))]).toContain(m.rule);
  });
});
