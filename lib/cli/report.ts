import { InputError } from '../contract';
import { AwsError, explainAwsError, isAwsSdkError } from '../aws/errors';
import { FollowInterrupted } from '../aws/jobs';
import { RunNotFoundError } from '../governance/store';
import { RunStillActiveError, WipeIncompleteError } from '../governance/wipe';
import { CliIo, EXIT, UsageError } from './context';

/**
 * The one place errors become messages and exit codes. The user's mistakes (usage, input, the wrong
 * account) exit 2 and AWS's refusals exit 1, both without a stack trace; anything else is an
 * internal error, with its stack only under --debug.
 */
export function report(e: unknown, where: { io: CliIo; command?: string; debug: boolean }): number {
  const prefix = `isotrain${where.command ? ` ${where.command}` : ''}: `;
  const say = (text: string) => void where.io.stderr.write(`${prefix}${text}\n`);
  if (e instanceof UsageError) {
    say(`${e.message}\n(run 'isotrain help ${where.command ?? ''}' for its options)`);
    return EXIT.USAGE;
  }
  if (e instanceof InputError) {
    say(e.message);
    return EXIT.USAGE;
  }
  if (e instanceof RunNotFoundError) {
    say(`RUN: ${e.message}`);
    return EXIT.USAGE;
  }
  if (e instanceof FollowInterrupted) {
    const hints =
      e.kind === 'training'
        ? `  follow it again: npx isotrain status ${e.job}\n  stop it:         npx isotrain stop ${e.job}`
        : "  its end is recorded by 'npx isotrain release RUN', which asks SageMaker";
    say(`${e.message}.\n${hints}`);
    return EXIT.INTERRUPTED;
  }
  if (e instanceof AwsError || isAwsSdkError(e)) {
    const explained = e instanceof AwsError ? e : explainAwsError(e, { action: where.command ?? 'the call' });
    say(explained.message);
    if (where.debug) say(`debug: ${sdkDetails(explained.cause)}`);
    return EXIT.FAILED;
  }
  if (e instanceof RunStillActiveError || e instanceof WipeIncompleteError) {
    say(e.message);
    return EXIT.FAILED;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  say(`internal error: ${err.message}${where.debug ? '' : ' (run with --debug for the stack trace)'}`);
  if (where.debug && err.stack) where.io.stderr.write(`${err.stack}\n`);
  return EXIT.FAILED;
}

/** What the SDK knows about a failed call: error name, HTTP status, request ID, attempts. */
function sdkDetails(cause: unknown): string {
  const c = cause as
    | {
        name?: string;
        $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number };
        stack?: string;
      }
    | undefined;
  if (!c) return 'no SDK error';
  const m = c.$metadata ?? {};
  return [
    `${c.name ?? 'Error'}`,
    m.httpStatusCode ? `HTTP ${m.httpStatusCode}` : '',
    m.requestId ? `request ${m.requestId}` : '',
    m.attempts ? `${m.attempts} attempt(s)` : '',
  ]
    .filter(Boolean)
    .join(', ')
    .concat(c.stack ? `\n${c.stack}` : '');
}
