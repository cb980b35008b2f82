import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { buildApp } from '../../lib/checked-app/app';
import { newApp, project } from '../helpers';

// The Isolation pack is one of the validation plugins synth runs: a way out fails synthesis.
test('synthesis fails when a stack adds an internet gateway, naming the Isolation rule', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-synth-'));
  try {
    // CDK's built-in CloudFormation validation is not what this test is about, and costs seconds.
    const app = newApp({ outdir, builtinCloudFormationValidation: false });
    const [stage] = buildApp(app, [project()]);
    new CfnResource(stage.network, 'Igw', { type: 'AWS::EC2::InternetGateway' });
    expect(() => app.synth()).toThrow();
    const report = fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8');
    expect(report).toContain('Isolation-NET1');
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
