import { Command } from './command';

/**
 * Every `isotrain` subcommand, in the order `isotrain --help` lists them. Each lives in its own
 * module under lib/cli/ and is a thin layer over lib/: parsing, printing, exit codes.
 */
export const COMMANDS: readonly Command[] = [];
