/* eslint-disable @typescript-eslint/no-require-imports -- each SDK package is required when first used, as lib/aws/clients.ts does */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { AwsSettings, clientConfig } from '../aws/clients';

/** IAM (global; the project's region only picks the endpoint) with the factory's settings. */
export function iamClient(settings: AwsSettings, region: string | undefined): IAMClient {
  const { IAMClient: Client } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  return new Client(clientConfig(settings, region, 'IAM'));
}

/** Temporary credentials of an assumed role. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** SageMaker Runtime signing with the given session's credentials (SigV4), otherwise as configured. */
export function runtimeClientAs(
  settings: AwsSettings,
  region: string | undefined,
  credentials: SessionCredentials,
): SageMakerRuntimeClient {
  const { SageMakerRuntimeClient: Client } =
    require('@aws-sdk/client-sagemaker-runtime') as typeof import('@aws-sdk/client-sagemaker-runtime');
  return new Client({ ...clientConfig(settings, region, 'SAGEMAKER_RUNTIME'), credentials });
}
