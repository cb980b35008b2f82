import * as fs from 'node:fs';
import * as path from 'node:path';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { InputError } from '../contract';
import { AwsClientFactory } from '../aws/clients';
import { AwsError, withAwsErrors } from '../aws/errors';
import { projectCaller } from '../aws/identity';
import { projectFileOf } from '../launcher/projects';
import { resolveProject } from '../governance/context';
import { callerMayInvoke, servedEndpoint } from './endpoint';
import { runtimeClientAs } from './clients';
import { invokerRoleArn } from './outputs';

export interface InvokeOptions {
  readonly cwd: string;
  readonly projectsDir: string;
  readonly project?: string;
  readonly endpoint: string;
  /** The request body file, as the user spelled it. */
  readonly bodyFile: string;
  readonly contentType: string;
}

export interface InvokeResult {
  readonly endpointName: string;
  /** The identity the request was signed as: the caller's invoker-role session. */
  readonly invokedAs: 'consumer (assumed the invoker role)' | 'the invoker role';
  readonly contentType?: string;
  readonly body: Uint8Array;
}

/** The caller is not one of the endpoint's consumers: nothing was sent to the endpoint. */
export class NotConsumerError extends Error {
  override readonly name = 'NotConsumerError';
}

function readBody(cwd: string, file: string): Uint8Array {
  try {
    return fs.readFileSync(path.resolve(cwd, file));
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new InputError(`--body: cannot read ${file}: ${reason}`);
  }
}

/**
 * `isotrain invoke ENDPOINT --body FILE`: a smoke test with the caller's own credentials. The caller
 * must be a consumer (it assumes the endpoint's invoker role, as its applications do) or already be
 * that role; anyone else is refused before a request reaches the endpoint. The request is signed
 * with SigV4 by the SDK, with the invoker session's credentials.
 */
export async function invokeEndpoint(options: InvokeOptions, aws: AwsClientFactory): Promise<InvokeResult> {
  const loaded = resolveProject(path.resolve(options.cwd, options.projectsDir), {
    project: options.project,
    runId: options.endpoint,
  });
  const { config } = loaded;
  const file = projectFileOf(options.cwd, loaded);
  const e = servedEndpoint(config, file, options.endpoint);
  const body = readBody(options.cwd, options.bodyFile);
  const clients = aws.clients({ name: config.name, region: config.region, file });
  const caller = await projectCaller(clients.sts, { ...config, file });
  const roleArn = await invokerRoleArn(clients.ssm, config.name, e.name);
  const who = callerMayInvoke(caller.arn, e.consumers, roleArn);
  if (who === 'no') {
    throw new NotConsumerError(
      `${caller.arn} is not a consumer of endpoint ${e.endpointName}: ${file}: serving.endpoints (${e.name}).consumers names ` +
        `${e.consumers.join(', ')}. Nothing was sent. Run as one of them, or have the project file's owners add you (a reviewed change, then cdk deploy).`,
    );
  }
  let runtime: SageMakerRuntimeClient = clients.sagemakerRuntime;
  if (who === 'consumer') {
    const assumed = await withAwsErrors(
      { action: 'sts:AssumeRole', project: config.name, resource: roleArn },
      () => clients.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'isotrain-invoke' })),
    );
    const c = assumed.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new AwsError(`sts:AssumeRole ${roleArn}: STS returned no credentials`, 'Other');
    }
    runtime = runtimeClientAs(aws.settings, clients.region, {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    });
  }
  try {
    const res = await withAwsErrors(
      { action: 'sagemaker:InvokeEndpoint', project: config.name, resource: e.endpointName },
      () =>
        runtime.send(
          new InvokeEndpointCommand({
            EndpointName: e.endpointName,
            Body: body,
            ContentType: options.contentType,
          }),
        ),
    );
    return {
      endpointName: e.endpointName,
      invokedAs: who === 'consumer' ? 'consumer (assumed the invoker role)' : 'the invoker role',
      contentType: res.ContentType,
      body: res.Body ?? new Uint8Array(),
    };
  } catch (err) {
    if (err instanceof AwsError && err.code === 'AccessDenied') {
      throw new AwsError(
        `${err.message}\nThe invoker role may be stopped (isotrain serving start ${e.name}, and see the run record of ${e.run}).`,
        'AccessDenied',
        { cause: err },
      );
    }
    throw err;
  }
}
