/* eslint-disable @typescript-eslint/no-require-imports -- the error report is loaded only when there is an error */
import { CommanderError } from 'commander';
import { CliDeps, CliIo, EXIT } from './context';
import { Dispatch, buildProgram } from './program';

/**
 * Runs one isotrain command line and returns its exit code. Commander parses and prints help; the
 * command runs; errors become a message on stderr and an exit code (lib/cli/report.ts).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  deps: CliDeps = {},
  version = '0.0.0',
): Promise<number> {
  const dispatch: Dispatch = {};
  const program = buildProgram(io, deps, version, dispatch);
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return EXIT.USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return dispatch.code ?? EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const { report } = require('./report') as typeof import('./report');
    return report(e, { io, command: dispatch.command, debug: dispatch.debug === true });
  }
}
