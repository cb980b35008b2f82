import { checkCommand } from './check';
import { Command } from './command';
import { train } from './train';
import { status } from './status';
import { stop } from './stop';
import { jobs } from './jobs';
import { evaluateCommand } from './evaluate';
import { finalizeCommand } from './finalize';
import { releaseCommand } from './release';
import { runsCommand } from './runs';
import { showCommand } from './show';
import { verifyCommand } from './verify';

/**
 * Every `isotrain` subcommand, in the order `isotrain --help` lists them. Each lives in its own
 * module under lib/cli/ and is a thin layer over lib/: parsing, printing, exit codes.
 */
export const COMMANDS: readonly Command[] = [
  checkCommand,
  train,
  status,
  stop,
  jobs,
  runsCommand,
  showCommand,
  verifyCommand,
  finalizeCommand,
  evaluateCommand,
  releaseCommand,
];
