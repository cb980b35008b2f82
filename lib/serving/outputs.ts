import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { InputError, servingParameterName } from '../contract';
import { withAwsErrors } from '../aws/errors';

/** The invoker role of an endpoint, from the parameter its Serving stack publishes. */
export async function invokerRoleArn(ssm: SSMClient, project: string, endpoint: string): Promise<string> {
  const Name = servingParameterName(project, endpoint, 'InvokerRoleArn');
  try {
    const res = await withAwsErrors({ action: 'ssm:GetParameter', project, resource: Name }, () =>
      ssm.send(new GetParameterCommand({ Name })),
    );
    if (res.Parameter?.Value) return res.Parameter.Value;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ParameterNotFound') throw e;
  }
  throw new InputError(
    `SSM ${Name}: expected the invoker role of endpoint ${endpoint}, got nothing; deploy the project's Serving stack first: npx cdk deploy '${project}/*'`,
  );
}
