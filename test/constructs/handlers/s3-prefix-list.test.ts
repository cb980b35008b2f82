import { startMoto, MotoServer } from '../../support/moto';

// The handler is plain JavaScript that runs in Lambda; here it talks to moto's EC2 on loopback.
const { handler } = require('../../../constructs/handlers/s3-prefix-list/index.js') as {
  handler: (
    event: Record<string, unknown>,
  ) => Promise<{ PhysicalResourceId: string; Data?: Record<string, string> }>;
};

describe('S3 prefix list lookup handler', () => {
  let moto: MotoServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, moto.env('eu-west-1'));
  });
  afterAll(async () => {
    process.env = saved;
    await moto.stop();
  });

  test('returns the ID of the AWS-managed S3 prefix list of the region', async () => {
    const result = await handler({
      RequestType: 'Create',
      ResourceProperties: { PrefixListName: 'com.amazonaws.eu-west-1.s3' },
    });
    expect(result.PhysicalResourceId).toMatch(/^pl-[0-9a-f]+$/);
    expect(result.Data).toEqual({ PrefixListId: result.PhysicalResourceId });
  });

  test('fails, naming the list, when the region has no such list', async () => {
    await expect(
      handler({
        RequestType: 'Update',
        ResourceProperties: { PrefixListName: 'com.amazonaws.eu-west-1.nothing' },
      }),
    ).rejects.toThrow(/com\.amazonaws\.eu-west-1\.nothing not found/);
  });

  test('deletes nothing: the list belongs to AWS', async () => {
    await expect(
      handler({ RequestType: 'Delete', PhysicalResourceId: 'pl-123', ResourceProperties: {} }),
    ).resolves.toEqual({
      PhysicalResourceId: 'pl-123',
    });
  });
});
