import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkProjects } from '../../lib/checked-app';
import { DEFAULT_ACKNOWLEDGMENTS_FILE } from '../../lib/checks/engine/acknowledgment-file';
import { CheckReport } from '../../lib/checks/findings';
import { checkTemplates } from '../../lib/checks/run';
import { loadProjects } from '../../lib/config';
import { ProjectStage } from '../../lib/infra/project-stage';
import { CDK_CONTEXT, newApp } from '../helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'projects', 'ok');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-equivalence-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("this app's own templates pass --template exactly as the app passes check, with the same acknowledgments", () => {
  const projects = loadProjects(FIXTURE);
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
  const options = { cfnLint: false, acknowledgments: DEFAULT_ACKNOWLEDGMENTS_FILE };
  const fromTemplates = checkTemplates(files, options);
  const fromApp = checkProjects(projects, CDK_CONTEXT, options);
  expect(fromTemplates.findings).toEqual([]);
  expect(fromApp.findings).toEqual([]);
  // The AWS packs' acknowledgments travel in the template metadata; the Control Tower ones are code.
  const acks = (r: CheckReport) =>
    r.acknowledgments.map((a) => `${a.source} ${a.stackName}/${a.logicalId} ${a.rule}`).sort();
  expect(acks(fromTemplates)).toEqual(acks(fromApp));
  expect(acks(fromApp).filter((a) => a.startsWith('template-metadata')).length).toBeGreaterThan(0);
  expect(acks(fromApp).filter((a) => a.startsWith('isotrain-code')).length).toBeGreaterThan(0);
  expect(fromApp.staleAcknowledgments).toEqual([]);
});

test('a template from anywhere cannot acknowledge an Isolation finding in its own metadata', () => {
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
  expect(report.findings.map((f) => f.rule)).toEqual([
    'Isolation-LOG2[no retention: events are kept forever]',
  ]);
  expect(report.resources[0].acknowledgments).toEqual([]);
  expect(report.ignoredAcknowledgments).toEqual([
    expect.objectContaining({ rule: 'Isolation-LOG2', reason: 'Kept by legal hold.', logicalId: 'Logs' }),
  ]);
});
