import { ERROR_TABLE } from '../../lib/aws/errors';
import { code, generated, table } from './markdown';

/** docs/reference/errors.md: every AWS error the CLI explains, from lib/aws/errors.ts. */
export function errorsPage(): string {
  return [
    generated(
      'AWS errors the CLI explains',
      '`lib/aws/errors.ts`',
      `One table explains every AWS error the CLI can meet (first match wins): what happened, with the message
AWS sent, and what to do. The CLI prints the explanation on stderr and exits 1; an error no row knows
still names the call and what AWS said. A job named on the command line that does not exist is bad input
(exit 2). See [the CLI](../cli.md).`,
    ),
    table(
      ['Row', 'Errors', 'What the CLI tells you'],
      ERROR_TABLE.map((r) => [code(r.code), r.errors, r.advice]),
    ),
    '',
  ].join('\n');
}
