import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkProjects } from '../../lib/checked-app';
import { checkTemplates } from '../../lib/checks/run';
import { loadProjects } from '../../lib/config';
import { ProjectStage } from '../../lib/infra/project-stage';
import { CDK_CONTEXT, newApp } from '../helpers';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-equivalence-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("this app's own templates pass --template exactly as the app passes check", () => {
  const projects = loadProjects(path.join(__dirname, '..', '..', 'projects'));
  const app = newApp({ outdir: path.join(work, 'out'), builtinCloudFormationValidation: false });
  const stages = projects.map((p) => new ProjectStage(app, { project: p.config }));
  app.synth();
  const files = stages.flatMap((s) => {
    const dir = s.synth().directory;
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => path.join(dir, f));
  });
  const options = { cfnLint: false };
  const fromTemplates = checkTemplates(files, options);
  const fromApp = checkProjects(projects, CDK_CONTEXT, options);
  expect(fromTemplates.findings).toEqual([]);
  expect(fromApp.findings).toEqual([]);
  // Same acknowledgments honoured either way: they travel in the template metadata.
  const acks = (r: typeof fromApp) =>
    r.resources.flatMap((x) => x.acknowledgments.map((a) => `${x.stackName}/${x.logicalId}/${a.id}`)).sort();
  expect(acks(fromTemplates)).toEqual(acks(fromApp));
  expect(acks(fromApp).length).toBeGreaterThan(0);
});

test('a template from anywhere can acknowledge a finding in its metadata', () => {
  const file = path.join(work, 'acknowledged.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      Resources: {
        Logs: {
          Type: 'AWS::Logs::LogGroup',
          Properties: { KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234' },
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Metadata: {
            cdk_nag: { rules_to_suppress: [{ id: 'Isolation-LOG2', reason: 'Kept by legal hold.' }] },
          },
        },
      },
    }),
  );
  const report = checkTemplates([file], { packs: 'isolation', controlTower: false, cfnLint: false });
  expect(report.findings).toEqual([]);
  expect(report.resources[0].acknowledgments).toEqual([
    { id: 'Isolation-LOG2', reason: 'Kept by legal hold.' },
  ]);
});
