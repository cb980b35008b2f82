import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { InputError } from '../contract';
import { AwsError, withAwsErrors } from './errors';

/** Who is calling, as STS says. */
export interface CallerIdentity {
  readonly arn: string;
  readonly account: string;
  readonly userId: string;
}

/** sts:GetCallerIdentity, which needs no permission: the first call of every command that has a project. */
export async function callerIdentity(sts: STSClient, region?: string): Promise<CallerIdentity> {
  const ctx = { action: 'sts:GetCallerIdentity', region };
  const id = await withAwsErrors(ctx, () => sts.send(new GetCallerIdentityCommand({})));
  if (!id.Account || !id.Arn) {
    // A proxy or a wrong endpoint can answer 200 with a page the XML parser reads as nothing.
    throw new AwsError(
      'sts:GetCallerIdentity: the answer named no account: the endpoint that answered is not AWS STS.\n' +
        'Check AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS (unset them to reach AWS itself) and HTTPS_PROXY.',
      'NotAwsResponse',
    );
  }
  return { arn: id.Arn, account: id.Account, userId: id.UserId ?? '' };
}

/** The account part of a project: its name, its account and the file that says so. */
export interface ProjectAccount {
  readonly name: string;
  readonly account: string;
  readonly file?: string;
}

/**
 * The caller must be in the project's account: every resource of a project lives there, and a call
 * from another account would at best fail late and at worst act on another account's lookalikes.
 * Bad input (exit 2), naming both accounts; checked before any other call.
 */
export function assertProjectAccount(caller: CallerIdentity, project: ProjectAccount): void {
  if (caller.account === project.account) return;
  throw new InputError(
    `${project.file ? `${project.file}: ` : ''}account: project ${project.name} lives in account ${project.account}, ` +
      `but the caller ${caller.arn} is in account ${caller.account}; no other call was made. ` +
      `Use credentials of account ${project.account} (AWS_PROFILE, or assume a role there).`,
  );
}

/** The caller, checked against the project's account: what a command with a project calls first. */
export async function projectCaller(
  sts: STSClient,
  project: ProjectAccount & { readonly region?: string },
): Promise<CallerIdentity> {
  const caller = await callerIdentity(sts, project.region);
  assertProjectAccount(caller, project);
  return caller;
}
