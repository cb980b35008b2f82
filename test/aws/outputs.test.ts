import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { InputError } from '../../lib/contract';
import { projectStackNames } from '../../lib/contract';
import { AwsError } from '../../lib/aws/errors';
import { outputsFromFile, outputsFromParameters, outputsLive, resolveOutputs } from '../../lib/aws/outputs';
import { MotoServer, startMoto } from '../support/moto';

const VALUES = {
  'legal-Keys': { DataKeyArn: 'arn:dk', ArtifactsKeyArn: 'arn:ak', LogsKeyArn: 'arn:lk' },
  'legal-Network': { VpcId: 'vpc-1', SubnetIds: 'subnet-a, subnet-b', TrainingSecurityGroupId: 'sg-1' },
  'legal-Data': {
    TrainingDataBucket: 'data',
    ArtifactsBucket: 'artifacts',
    TrainingRoleArn: 'arn:role',
    AuditBucket: 'audit',
  },
  'legal-Access': { LauncherPolicyArn: 'arn:policy' },
};

function write(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'outputs-')), 'outputs.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('outputsFromFile (what cdk deploy --outputs-file writes)', () => {
  test("reads the project's stacks and ignores other projects' in the same file", () => {
    const o = outputsFromFile(write({ ...VALUES, 'other-Network': { SubnetIds: 'subnet-x' } }), 'legal');
    expect(o).toMatchObject({
      subnetIds: ['subnet-a', 'subnet-b'],
      securityGroupId: 'sg-1',
      dataBucket: 'data',
      artifactsBucket: 'artifacts',
      dataKeyArn: 'arn:dk',
      artifactsKeyArn: 'arn:ak',
      trainingRoleArn: 'arn:role',
    });
    expect(o.all).toMatchObject({ AuditBucket: 'audit', LauncherPolicyArn: 'arn:policy', VpcId: 'vpc-1' });
    expect(projectStackNames('legal')).toEqual([
      'legal-Keys',
      'legal-Network',
      'legal-Data',
      'legal-Access',
      'legal-Monitoring',
    ]);
  });
  test('fails naming every missing value with the stack it belongs to', () => {
    const partial = { 'legal-Data': VALUES['legal-Data'] };
    expect(() => outputsFromFile(write(partial), 'legal')).toThrow(InputError);
    const message = (() => {
      try {
        outputsFromFile(write(partial), 'legal');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(
      /outputs\.json: legal-Network\.SubnetIds: expected the deployed value of SubnetIds, got nothing/,
    );
    expect(message).toMatch(/legal-Keys\.DataKeyArn: expected the deployed value of DataKeyArn, got nothing/);
    expect(message).toMatch(/deploy the project first \(npx cdk deploy 'legal\/\*'\)/);
  });
  test("fails on a file without the project's stacks, invalid JSON or no file", () => {
    expect(() => outputsFromFile(write({ 'other-Keys': {} }), 'legal')).toThrow(
      /expected outputs of stacks legal-Keys, .*found stacks: other-Keys/,
    );
    expect(() => outputsFromFile(write('{nope'), 'legal')).toThrow(/not valid JSON/);
    expect(() => outputsFromFile(write('[]'), 'legal')).toThrow(
      /expected the JSON object cdk deploy --outputs-file writes/,
    );
    expect(() => outputsFromFile('/nonexistent/outputs.json', 'legal')).toThrow(/no such file/);
  });
});

describe('live outputs against moto', () => {
  let moto: MotoServer;
  let ssm: SSMClient;
  let cloudformation: CloudFormationClient;
  beforeAll(async () => {
    moto = await startMoto();
    const config = {
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    };
    ssm = new SSMClient(config);
    cloudformation = new CloudFormationClient(config);
  });
  afterAll(() => moto.stop());
  beforeEach(() => moto.reset());

  const names: Record<string, string> = {
    DataKeyArn: 'data-key-arn',
    ArtifactsKeyArn: 'artifacts-key-arn',
    SubnetIds: 'subnet-ids',
    TrainingSecurityGroupId: 'training-security-group-id',
    TrainingDataBucket: 'training-data-bucket',
    ArtifactsBucket: 'artifacts-bucket',
    TrainingRoleArn: 'training-role-arn',
  };
  const flat = Object.assign({}, ...Object.values(VALUES)) as Record<string, string>;

  test('reads the SSM parameters /isotrain/<project>/ across pages', async () => {
    for (const [key, param] of Object.entries(names)) {
      await ssm.send(
        new PutParameterCommand({ Name: `/isotrain/legal/${param}`, Value: flat[key], Type: 'String' }),
      );
    }
    for (let i = 0; i < 12; i++) {
      await ssm.send(
        new PutParameterCommand({ Name: `/isotrain/legal/unrelated-${i}`, Value: 'x', Type: 'String' }),
      );
    }
    await ssm.send(
      new PutParameterCommand({ Name: '/isotrain/other/subnet-ids', Value: 'subnet-x', Type: 'String' }),
    );
    const o = await outputsFromParameters(ssm, 'legal');
    expect(o.subnetIds).toEqual(['subnet-a', 'subnet-b']);
    expect(o.trainingRoleArn).toBe('arn:role');
    expect(o.source).toBe('SSM /isotrain/legal/');
  });

  test('falls back to the stack outputs when the parameters are missing', async () => {
    const template = (outputs: Record<string, string>) =>
      JSON.stringify({
        Resources: { Nothing: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
        Outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { Value: v }])),
      });
    for (const stack of ['legal-Keys', 'legal-Network', 'legal-Data'] as const) {
      await cloudformation.send(
        new CreateStackCommand({ StackName: stack, TemplateBody: template(VALUES[stack]) }),
      );
    }
    const o = await outputsLive({ ssm, cloudformation }, 'legal');
    expect(o.source).toBe('CloudFormation');
    expect(o).toMatchObject({ securityGroupId: 'sg-1', dataKeyArn: 'arn:dk', artifactsBucket: 'artifacts' });
  });

  test('with neither, fails naming the parameters to deploy and what to do', async () => {
    const refused = outputsLive({ ssm, cloudformation }, 'legal');
    await expect(refused).rejects.toThrow(InputError);
    await expect(refused).rejects.toThrow(
      /SSM \/isotrain\/legal\/: \/isotrain\/legal\/subnet-ids: expected the deployed value of SubnetIds, got nothing/,
    );
    await expect(refused).rejects.toThrow(
      /or pass --outputs-file with the file cdk deploy --outputs-file wrote/,
    );
  });

  test('one resolution for every command: the file when given (nothing called), else live, with the keys asked for', async () => {
    const file = write(VALUES);
    const fromFile = await resolveOutputs('legal', { file: { asGiven: 'outputs.json', path: file } }, () => {
      throw new Error('a file must not need clients');
    });
    expect(fromFile.source).toBe('outputs.json');
    const noAudit = write({ ...VALUES, 'legal-Data': { ...VALUES['legal-Data'], AuditBucket: undefined } });
    expect(() => outputsFromFile(noAudit, 'legal', noAudit, ['AuditBucket'])).toThrow(
      /legal-Data\.AuditBucket: expected the deployed value of AuditBucket/,
    );
  });

  test('an SDK refusal comes out explained (AwsError), not as an input problem', async () => {
    const unreachable = new SSMClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
      maxAttempts: 1,
    });
    await expect(outputsFromParameters(unreachable, 'legal')).rejects.toThrow(AwsError);
  });
});
