import {
  CreateProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { withAwsErrors, type ErrorContext } from '../../aws/errors';

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
