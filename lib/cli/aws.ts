import { AwsClientFactory } from '../aws/clients';
import { CommandContext } from './context';

/** The one client factory of a command: its environment, its notices on stderr, the test hooks. */
export function awsFactory(ctx: CommandContext): AwsClientFactory {
  return new AwsClientFactory({ env: ctx.io.env, notice: ctx.say, retryDelayMs: ctx.deps.retryDelayMs });
}
