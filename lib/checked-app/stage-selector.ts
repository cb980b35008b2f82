/**
 * Every stack of this app lives in a Stage named after its project, and the CDK CLI, given no stack
 * selector, selects only top-level stacks: `cdk diff`, `cdk deploy` and `cdk destroy` then do nothing
 * and say nothing. The CLI tells the app neither its command nor its selectors, so bin/app.ts reads
 * the CLI's command line (its parent process) and this says what to type instead.
 */

/** The CDK CLI commands that act on selected stacks and select nothing here without a selector. */
const SELECTING_COMMANDS = new Set(['diff', 'deploy', 'destroy']);

/**
 * The CDK CLI options (global, diff, deploy, destroy) that take a value, from its option registry
 * (aws-cdk lib/cli/cli-type-registry.json: types string, number and array). Any other option is a
 * flag; a flag's explicit `true`/`false` is its value too.
 */
const VALUE_OPTIONS = new Set([
  '--app',
  '-a',
  '--asset-build-concurrency',
  '--build',
  '--build-exclude',
  '-E',
  '--ca-bundle-path',
  '--change-set-name',
  '--concurrency',
  '--context',
  '-c',
  '--context-lines',
  '--fail-on',
  '--hotswap-ecs-maximum-healthy-percent',
  '--hotswap-ecs-minimum-healthy-percent',
  '--hotswap-ecs-stabilization-timeout-seconds',
  '--method',
  '-m',
  '--monitoring-time-minutes',
  '--notification-arns',
  '--output',
  '-o',
  '--outputs-file',
  '-O',
  '--parameters',
  '--plugin',
  '-p',
  '--profile',
  '--progress',
  '--proxy',
  '--region',
  '--require-approval',
  '--role-arn',
  '-r',
  '--rollback-trigger-alarm-arns',
  '--tags',
  '-t',
  '--telemetry-file',
  '--template',
  '--toolkit-stack-name',
  '--unstable',
]);

export interface CdkCommandLine {
  /** The command (`diff`, `deploy`, …), if any. */
  readonly command?: string;
  /** The stack selectors: the positional arguments after the command. */
  readonly selectors: readonly string[];
  /** `--all`: every stack, nested ones included. */
  readonly all: boolean;
}

/** The CDK CLI's arguments (after `cdk`) read as its parser reads them, as far as selection goes. */
export function parseCdkArgs(args: readonly string[]): CdkCommandLine {
  const positional: string[] = [];
  let all = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2);
    if (name === '--all') all = inline === undefined ? args[i + 1] !== 'false' : inline !== 'false';
    if (inline !== undefined) continue;
    if (VALUE_OPTIONS.has(name) || /^(true|false)$/.test(args[i + 1] ?? '')) i++;
  }
  return { command: positional[0], selectors: positional.slice(1), all };
}

/**
 * What to say when the CLI runs diff, deploy or destroy with no selector: the Stage selector, with
 * the app's own project names. Nothing for any other command line.
 */
export function stageSelectorHint(args: readonly string[], projects: readonly string[]): string | undefined {
  const line = parseCdkArgs(args);
  if (!line.command || !SELECTING_COMMANDS.has(line.command)) return undefined;
  if (line.selectors.length > 0 || line.all) return undefined;
  const cmd = `npx cdk ${line.command}`;
  const examples = (projects.length > 0 ? projects : ['<project>']).map((p) => `  ${cmd} '${p}/*'`);
  return [
    `isotrain: \`cdk ${line.command}\` without a stack selector selects no stack: each project's stacks live in a Stage named after the project.`,
    `Select one project's Stage:`,
    ...examples,
    `or every project's at once (every account in projects/):`,
    `  ${cmd} '**'`,
    'Nothing was synthesized.',
    '',
  ].join('\n');
}

/**
 * What to say after `cdk synth` without a selector has synthesized every project: the CDK CLI then
 * ends with "Supply a stack id () to display its template." — an empty list, because no stack is at
 * the top level. Names where the templates are and how to print one. Nothing for any other command
 * line, or when the synth selected stacks itself.
 */
export function synthSummary(
  args: readonly string[],
  stacks: ReadonlyMap<string, readonly string[]>,
): string | undefined {
  const line = parseCdkArgs(args);
  if (!line.command || !['synth', 'synthesize'].includes(line.command)) return undefined;
  if (line.selectors.length > 0 || line.all || stacks.size === 0) return undefined;
  const [project, ids] = [...stacks][0];
  return [
    `isotrain: synthesized ${[...stacks].map(([p, s]) => `${p} (${s.length} stacks)`).join(', ')}; every check that runs at synth passed.`,
    `The CDK CLI lists no stack below because each project's stacks live in a Stage named after the project. To print one template:`,
    `  npx cdk synth '${project}/${ids[0] ?? '<stack>'}'`,
    '',
  ].join('\n');
}
