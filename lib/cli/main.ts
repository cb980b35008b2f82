import { parseArgs } from 'node:util';
import { CliIo, Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';

function help(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: isotrain <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'isotrain <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/**
 * Dispatches to a subcommand and turns errors into exit codes: usage and input errors are the
 * user's to fix (message, exit 2, no stack trace); anything else is reported as an internal error.
 */
export async function main(argv: string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(help(commands));
    return name ? EXIT.OK : EXIT.USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`isotrain: unknown command '${name}'\n\n${help(commands)}`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return EXIT.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`isotrain ${name}: ${e.message}\n\n${command.usage.trimEnd()}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof InputError) {
      io.stderr.write(`isotrain ${name}: ${e.message}\n`);
      return EXIT.USAGE;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr.write(`isotrain ${name}: internal error: ${message}\n`);
    return EXIT.FAILED;
  }
}

/** `util.parseArgs` with its errors turned into UsageErrors. */
export function parseOptions<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}
