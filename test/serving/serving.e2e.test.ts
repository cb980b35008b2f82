/**
 * `isotrain serving stop|start` and `isotrain invoke` (issue 12) against moto: the invoker role's
 * stop policy is put and deleted, both are recorded in the run record, and only a consumer's
 * request reaches the endpoint.
 */
import { CreateRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clientConfig } from '../../lib/aws/clients';
import { SERVING_STOP_POLICY, servingParameterName } from '../../lib/contract';
import { appendStep, readRecord } from '../../lib/governance/store';
import { runIn } from '../cli/support';
import { Fixture, PROJECT, deployProject } from '../governance/fixture';
import { MotoServer, startMoto } from '../support/moto';

const RUN = 'legal--contracts-lora-1';
const ACCOUNT = '123456789012';
const trust = (principal: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });

let moto: MotoServer;
let f: Fixture;
let iam: IAMClient;
let invokerArn: string;
let consumerEnv: Record<string, string | undefined>;

beforeAll(async () => {
  moto = await startMoto();
  f = await deployProject(moto, {
    account: ACCOUNT,
    serving: {
      endpoints: [
        {
          name: 'contracts-chat',
          run: RUN,
          image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/inference@sha256:${'c'.repeat(64)}`,
          instanceType: 'ml.m5.xlarge',
          consumers: ['role/contracts-app'],
        },
      ],
    },
  });
  iam = new IAMClient(clientConfig({ env: f.env }, 'eu-west-1', 'IAM'));
  const invoker = await iam.send(
    new CreateRoleCommand({
      RoleName: 'legal-Serving-InvokerContractsChat-ABC123',
      AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT}:role/contracts-app`),
    }),
  );
  invokerArn = invoker.Role!.Arn!;
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'contracts-app',
      AssumeRolePolicyDocument: trust(`arn:aws:iam::${ACCOUNT}:root`),
    }),
  );
  await f.clients.ssm.send(
    new PutParameterCommand({
      Name: servingParameterName(PROJECT, 'contracts-chat', 'InvokerRoleArn'),
      Value: invokerArn,
      Type: 'String',
    }),
  );
  await appendStep(f.store, RUN, {
    type: 'started',
    by: `arn:aws:iam::${ACCOUNT}:user/alice`,
    data: {
      jobName: RUN,
      caller: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, userId: 'alice' },
      image: { uri: 'img', digest: null },
      instance: { type: 'ml.g5.2xlarge', count: 1, volumeSizeGb: 100 },
      hyperparameters: {},
      details: {},
      channels: [],
      manifest: [],
      output: { s3Uri: 's3://legal-artifacts/models/' },
      checkpoints: null,
    },
  });
  // The consumer's own session, as its applications would have it.
  const session = await f.clients.sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/contracts-app`, RoleSessionName: 'app' }),
  );
  const c = session.Credentials!;
  consumerEnv = {
    ...f.env,
    AWS_ACCESS_KEY_ID: c.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
    AWS_SESSION_TOKEN: c.SessionToken,
  };
}, 60_000);

afterAll(async () => {
  await moto?.stop();
  if (f) fs.rmSync(f.dir, { recursive: true, force: true });
});

const cli = (args: string[], env = f.env) =>
  runIn([...args, '--project', PROJECT, '--outputs-file', f.outputsFile], { env, cwd: f.dir });

async function stopPolicy(): Promise<string | undefined> {
  try {
    const res = await iam.send(
      new GetRolePolicyCommand({
        RoleName: 'legal-Serving-InvokerContractsChat-ABC123',
        PolicyName: SERVING_STOP_POLICY,
      }),
    );
    return decodeURIComponent(res.PolicyDocument ?? '');
  } catch (e) {
    if ((e as Error).name === 'NoSuchEntityException' || (e as Error).name === 'NoSuchEntity')
      return undefined;
    throw e;
  }
}

async function lastStep() {
  const { record } = await readRecord(f.store, RUN);
  return record.steps[record.steps.length - 1];
}

async function queueAnswer(body: string) {
  const res = await fetch(`${moto.endpoint}/moto-api/static/sagemaker/endpoint-results`, {
    method: 'POST',
    body: JSON.stringify({
      account_id: ACCOUNT,
      region: 'eu-west-1',
      results: [
        {
          Body: body,
          ContentType: 'application/json',
          InvokedProductionVariant: 'released',
          CustomAttributes: '',
        },
      ],
    }),
  });
  expect(res.ok).toBe(true);
}

describe('isotrain serving stop / start', () => {
  test('stop puts a Deny on every invocation on the invoker role and records it', async () => {
    const r = await cli(['serving', 'stop', 'contracts-chat', '--reason', 'extraction attempt']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /legal--contracts-chat: stopped: no consumer may invoke it; recorded in the run record of legal--contracts-lora-1/,
    );
    const doc = JSON.parse((await stopPolicy())!);
    expect(doc.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(doc.Statement[0].Action).toContain('sagemaker:InvokeEndpoint');
    const step = await lastStep();
    expect(step.type).toBe('serving');
    expect(step.data).toEqual({
      action: 'stop',
      endpoint: 'contracts-chat',
      endpointName: 'legal--contracts-chat',
      invokerRoleArn: invokerArn,
      reason: 'extraction attempt',
    });
    expect(step.by).toMatch(new RegExp(`:${ACCOUNT}:`));
  });

  test('start deletes it and records it; a second start changes nothing and says so', async () => {
    const r = await cli(['serving', 'start', 'legal--contracts-chat']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/started: its consumers may invoke it; recorded/);
    expect(await stopPolicy()).toBeUndefined();
    expect((await lastStep()).data).toMatchObject({ action: 'start', reason: null });
    const again = await cli(['serving', 'start', 'contracts-chat']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\(it already was\)/);
  });

  test('an endpoint the project file does not list is bad input, and nothing changes', async () => {
    const r = await cli(['serving', 'stop', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/serving\.endpoints: expected an endpoint named "nope", found contracts-chat/);
    expect(await stopPolicy()).toBeUndefined();
  });
});

describe('isotrain invoke', () => {
  const body = () => {
    const p = path.join(f.dir, 'prompt.json');
    fs.writeFileSync(p, '{"inputs":"Summarize clause 4"}');
    return p;
  };

  test('refuses a caller who is not a consumer before anything is sent', async () => {
    await queueAnswer('{"generated_text":"first answer"}');
    const r = await cli(['invoke', 'contracts-chat', '--body', body()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /is not a consumer of endpoint legal--contracts-chat: .*consumers names arn:aws:iam::123456789012:role\/contracts-app\. Nothing was sent/,
    );
    expect(r.stdout).toBe('');
  });

  test("a consumer's request reaches the endpoint through the invoker role (the queued answer is still there)", async () => {
    const r = await cli(['invoke', 'contracts-chat', '--body', body()], consumerEnv);
    expect(r.stderr).toMatch(/invoked as consumer \(assumed the invoker role\)/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('{"generated_text":"first answer"}');
  });

  test('a missing body file is bad input', async () => {
    const r = await cli(['invoke', 'contracts-chat', '--body', 'missing.json'], consumerEnv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--body: cannot read missing\.json: no such file/);
  });
});
