import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  AwsClientFactory,
  DEFAULT_MAX_ATTEMPTS,
  clientConfig,
  createAwsClients,
  endpointFor,
} from '../../lib/aws/clients';
import { chooseRegion } from '../../lib/aws/region';
import { MotoServer, startMoto } from '../support/moto';

const LEGAL = { name: 'legal', region: 'eu-west-1', file: 'projects/legal.yaml' };

describe('the region rule', () => {
  test("the project's region when the command knows the project, whatever AWS_REGION says", () => {
    expect(chooseRegion({}, LEGAL)).toEqual({ region: 'eu-west-1', from: 'project', notice: undefined });
    expect(chooseRegion({ AWS_REGION: 'eu-west-1' }, LEGAL).notice).toBeUndefined();
    const other = chooseRegion({ AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'ap-south-1' }, LEGAL);
    expect(other.region).toBe('eu-west-1');
    expect(other.notice).toBe(
      'note: AWS_REGION is us-east-1, but project legal lives in eu-west-1 (projects/legal.yaml region); using eu-west-1',
    );
  });

  test('without a project: AWS_REGION, then AWS_DEFAULT_REGION, then the profile', () => {
    expect(chooseRegion({ AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'ap-south-1' })).toEqual({
      region: 'us-east-1',
      from: 'AWS_REGION',
    });
    expect(chooseRegion({ AWS_DEFAULT_REGION: 'ap-south-1' })).toEqual({
      region: 'ap-south-1',
      from: 'AWS_DEFAULT_REGION',
    });
    expect(chooseRegion({ AWS_PROFILE: 'ml' })).toEqual({ from: 'profile' });
  });

  test('the factory says a mismatch once, and keeps one set of clients per region', () => {
    const said: string[] = [];
    const factory = new AwsClientFactory({ env: { AWS_REGION: 'us-east-1' }, notice: (l) => said.push(l) });
    const a = factory.clients(LEGAL);
    const b = factory.clients(LEGAL);
    expect(a).toBe(b);
    expect(a.region).toBe('eu-west-1');
    expect(said).toHaveLength(1);
    expect(factory.clients().region).toBe('us-east-1');
    expect(factory.clients()).not.toBe(a);
  });
});

describe('client configuration', () => {
  test('endpoints: AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL; none when told to ignore them', () => {
    const env = { AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_S3: 'http://s3:2' };
    expect(endpointFor(env, 'S3')).toBe('http://s3:2');
    expect(endpointFor(env, 'STS')).toBe('http://all:1');
    expect(endpointFor({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, 'S3')).toBeUndefined();
    expect(endpointFor({}, 'S3')).toBeUndefined();
  });

  test('S3 is path-style only behind a custom endpoint; the SDK retries, six attempts unless AWS_MAX_ATTEMPTS', () => {
    expect(clientConfig({ env: { AWS_ENDPOINT_URL: 'http://moto:5000' } }, 'eu-west-1', 'S3')).toMatchObject({
      region: 'eu-west-1',
      endpoint: 'http://moto:5000',
      forcePathStyle: true,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      retryMode: 'standard',
    });
    expect(clientConfig({ env: {} }, 'eu-west-1', 'S3')).not.toHaveProperty('forcePathStyle');
    expect(
      clientConfig({ env: { AWS_ENDPOINT_URL: 'http://x' } }, 'eu-west-1', 'SAGEMAKER'),
    ).not.toHaveProperty('forcePathStyle');
    expect(
      clientConfig({ env: { AWS_MAX_ATTEMPTS: '2', AWS_RETRY_MODE: 'adaptive' } }, undefined, 'STS'),
    ).toMatchObject({ maxAttempts: 2, retryMode: 'adaptive' });
  });

  test('credentials and profile come from the given environment, not from process.env', () => {
    const config = clientConfig(
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIA1',
          AWS_SECRET_ACCESS_KEY: 's',
          AWS_SESSION_TOKEN: 't',
          AWS_PROFILE: 'ml',
        },
      },
      'eu-west-1',
      'STS',
    );
    expect(config).toMatchObject({
      credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: 't' },
      profile: 'ml',
    });
    expect(clientConfig({ env: {} }, 'eu-west-1', 'STS')).not.toHaveProperty('credentials');
  });

  test('each client is created on first use, once', () => {
    const clients = createAwsClients({ env: {} }, 'eu-west-1');
    expect(clients.sts).toBe(clients.sts);
    expect(clients.logs.constructor.name).toBe('CloudWatchLogsClient');
    expect(clients.sagemakerRuntime.constructor.name).toBe('SageMakerRuntimeClient');
  });
});

describe('against moto', () => {
  let moto: MotoServer;
  beforeAll(async () => (moto = await startMoto()));
  afterAll(() => moto.stop());

  test('an in-process environment is enough: endpoint, region and keys from it', async () => {
    const clients = createAwsClients({ env: moto.env('eu-west-1') }, 'eu-west-1');
    const id = await clients.sts.send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe('123456789012');
    expect(await clients.sts.config.region()).toBe('eu-west-1');
  });
});
