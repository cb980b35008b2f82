import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../lib/contract';
import { assertProjectAccount } from '../../lib/aws/identity';
import { MotoServer, startMoto } from '../support/moto';
import { FaultProxy, startFaultProxy } from './support/fault-proxy';
import { EVAL_SPEC, FIXTURES, OUTPUTS_FILE, SPEC, awsEnv, runIn } from '../cli/support';

/** The legal project, filed under another account than moto's (moto's STS answers 123456789012). */
const ELSEWHERE = path.join(FIXTURES, 'projects-other-account');
const CALLER = { arn: 'arn:aws:sts::123456789012:user/moto', account: '123456789012', userId: 'moto' };

describe('assertProjectAccount', () => {
  test("passes the project's own account and refuses any other, naming both", () => {
    expect(() => assertProjectAccount(CALLER, { name: 'legal', account: '123456789012' })).not.toThrow();
    const refuse = () =>
      assertProjectAccount(CALLER, { name: 'legal', account: '111122223333', file: 'projects/legal.yaml' });
    expect(refuse).toThrow(InputError);
    expect(refuse).toThrow(
      /^projects\/legal\.yaml: account: project legal lives in account 111122223333, but the caller arn:aws:sts::123456789012:user\/moto is in account 123456789012; no other call was made\. Use credentials of account 111122223333/,
    );
  });
});

describe('every command that calls AWS for a project checks the account first (against moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  let spec: string;
  beforeAll(async () => {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    // A spec that passes every offline check of the project in the other account.
    spec = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-acct-')), 'spec.yaml');
    fs.writeFileSync(
      spec,
      fs.readFileSync(SPEC, 'utf8').replace('123456789012.dkr.ecr', '111122223333.dkr.ecr'),
    );
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  const RUN = 'legal-contracts-lora-dp-20261129000000-abcd';
  const commands: [string, () => string[]][] = [
    ['train', () => ['train', '--project', 'legal', '--spec', spec, '--outputs-file', OUTPUTS_FILE]],
    ['train (live outputs)', () => ['train', '--project', 'legal', '--spec', spec]],
    ['status', () => ['status', RUN]],
    ['stop', () => ['stop', RUN]],
    ['jobs', () => ['jobs', '--project', 'legal']],
    ['runs', () => ['runs', '--project', 'legal']],
    ['show', () => ['show', RUN]],
    ['verify', () => ['verify', RUN, '--outputs-file', OUTPUTS_FILE]],
    ['finalize', () => ['finalize', RUN]],
    ['evaluate', () => ['evaluate', RUN, '--spec', EVAL_SPEC]],
    ['release', () => ['release', RUN]],
  ];

  test.each(commands)(
    '%s: exit 2 naming both accounts, after sts:GetCallerIdentity and nothing else',
    async (_name, argv) => {
      const before = proxy.calls.length;
      const r = await runIn([...argv(), '--projects-dir', ELSEWHERE], { env: awsEnv(proxy.endpoint) });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /account: project legal lives in account 111122223333, but the caller \S+ is in account 123456789012/,
      );
      expect(proxy.calls.slice(before)).toEqual(['STS.GetCallerIdentity']);
    },
  );

  test('a dry run checks nothing and calls nothing, STS included', async () => {
    const before = proxy.calls.length;
    const r = await runIn(
      [
        'train',
        '--project',
        'legal',
        '--spec',
        spec,
        '--outputs-file',
        OUTPUTS_FILE,
        '--dry-run',
        '--projects-dir',
        ELSEWHERE,
      ],
      { env: awsEnv(proxy.endpoint) },
    );
    expect(r.code).toBe(0);
    expect(proxy.calls.slice(before)).toEqual([]);
  });
});
