/* eslint-disable @typescript-eslint/no-require-imports -- the S3 package is required when first used, as lib/aws/clients.ts does */
import {
  CreateProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { S3Client } from '@aws-sdk/client-s3';
import { clientConfig, type AwsSettings } from '../../aws/clients';
import { withAwsErrors, type ErrorContext } from '../../aws/errors';
import type { ReportCredentials } from './verify';

/** CreateProcessingJob; an AWS refusal comes out as an AwsError that says what to do. */
export async function createProcessingJob(
  sagemaker: SageMakerClient,
  request: CreateProcessingJobCommandInput,
  ctx: Omit<ErrorContext, 'action' | 'request'>,
): Promise<string> {
  const out = await withAwsErrors(
    { ...ctx, action: 'sagemaker:CreateProcessingJob', resource: request.ProcessingJobName },
    () => sagemaker.send(new CreateProcessingJobCommand(request)),
  );
  return out.ProcessingJobArn ?? request.ProcessingJobName!;
}

/** S3 signing with an assumed role's session (the redaction report role), otherwise as configured. */
export function s3ClientAs(
  settings: AwsSettings,
  region: string | undefined,
  credentials: ReportCredentials,
): S3Client {
  const { S3Client: Client } = require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
  return new Client({ ...clientConfig(settings, region, 'S3'), credentials });
}
