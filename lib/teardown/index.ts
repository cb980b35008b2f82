import * as path from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { AwsClientFactory, clientConfig } from '../aws/clients';
import { projectCaller } from '../aws/identity';
import { chooseRegion } from '../aws/region';
import { loadProject, projectFileOf } from '../launcher/projects';
import { Leftovers, findLeftovers } from './leftovers';

export { LEFTOVER_PRICES, findLeftovers } from './leftovers';
export type { Leftover, Leftovers } from './leftovers';

/** A project's retained leftovers, after the account check (exit 2 from another account). */
export async function projectLeftovers(
  options: { readonly cwd: string; readonly projectsDir: string; readonly project: string },
  aws: AwsClientFactory,
): Promise<Leftovers> {
  const loaded = loadProject(path.resolve(options.cwd, options.projectsDir), options.project);
  const { config } = loaded;
  const clients = aws.clients(config);
  await projectCaller(clients.sts, { ...config, file: projectFileOf(options.cwd, loaded) });
  const region = chooseRegion(aws.settings.env, config).region;
  const kms = new KMSClient(clientConfig(aws.settings, region, 'KMS'));
  return findLeftovers({ s3: clients.s3, logs: clients.logs, kms }, config.name, config.region);
}
