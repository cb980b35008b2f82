import {
  CreateTrainingJobCommand,
  CreateTrainingJobCommandInput,
  ListTrainingJobsCommand,
  ListTrainingJobsCommandInput,
  SageMakerClient,
  StopTrainingJobCommand,
  TrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import { ErrorContext, withAwsErrors } from '../aws/errors';

/**
 * The training-job calls the launcher makes besides describing (lib/aws/jobs.ts). The SDK retries
 * throttling; an error comes out as an AwsError that says what to do.
 */

/** CreateTrainingJob; `ctx` carries what the AccessDenied explanation needs (request, outputs, project file). */
export async function createTrainingJob(
  sagemaker: SageMakerClient,
  request: CreateTrainingJobCommandInput,
  ctx: Omit<ErrorContext, 'action' | 'request'>,
): Promise<string> {
  const out = await withAwsErrors({ ...ctx, action: 'sagemaker:CreateTrainingJob', request }, () =>
    sagemaker.send(new CreateTrainingJobCommand(request)),
  );
  return out.TrainingJobArn ?? request.TrainingJobName!;
}

export async function stopTrainingJob(
  sagemaker: SageMakerClient,
  name: string,
  ctx: Omit<ErrorContext, 'action' | 'resource'> = {},
): Promise<void> {
  await withAwsErrors({ ...ctx, action: 'sagemaker:StopTrainingJob', resource: name }, () =>
    sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })),
  );
}

/** Jobs whose names start with `prefix`, newest first, following pages up to `max`. */
export async function listTrainingJobs(
  sagemaker: SageMakerClient,
  prefix: string,
  max: number,
  status: ListTrainingJobsCommandInput['StatusEquals'] | undefined,
  ctx: Omit<ErrorContext, 'action'> = {},
): Promise<TrainingJobSummary[]> {
  const jobs: TrainingJobSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await withAwsErrors({ ...ctx, action: 'sagemaker:ListTrainingJobs' }, () =>
      sagemaker.send(
        new ListTrainingJobsCommand({
          NameContains: prefix,
          StatusEquals: status,
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
          MaxResults: 100,
          NextToken,
        }),
      ),
    );
    jobs.push(...(page.TrainingJobSummaries ?? []).filter((j) => j.TrainingJobName?.startsWith(prefix)));
    NextToken = page.NextToken;
  } while (NextToken && jobs.length < max);
  return jobs
    .sort((a, b) => (b.CreationTime?.getTime() ?? 0) - (a.CreationTime?.getTime() ?? 0))
    .slice(0, max);
}
