/* eslint-disable @typescript-eslint/no-require-imports -- the redactor and the SDK are loaded only on the path that needs them */
import * as path from 'node:path';
import { CommandContext, EXIT, UsageError } from '../context';

interface RedactFlags {
  readonly local?: string[];
  readonly input?: string;
  readonly output?: string;
  readonly pseudonyms?: boolean;
  readonly types?: string;
  readonly format?: string;
  readonly report?: string;
  readonly instanceType?: string;
  readonly dryRun?: boolean;
}

const typesOf = (flags: RedactFlags) =>
  flags.types
    ?.split(',')
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);

export async function run(
  ctx: CommandContext,
  _args: readonly string[],
  raw: Readonly<Record<string, unknown>>,
): Promise<number> {
  const flags = raw as RedactFlags;
  const remote = flags.input !== undefined || flags.output !== undefined;
  if (flags.local && remote)
    throw new UsageError(
      '--local redacts on this machine; --input and --output name a job in the project: give one or the other',
    );
  if (flags.local) return local(ctx, flags);
  if (!ctx.shared.project || !flags.input || !flags.output)
    throw new UsageError('expected --local IN OUT, or --project NAME --input PREFIX --output PREFIX');
  return project(ctx, flags);
}

async function local(ctx: CommandContext, flags: RedactFlags): Promise<number> {
  if (flags.local!.length !== 2)
    throw new UsageError(`--local takes IN and OUT, got ${flags.local!.length} path(s)`);
  if (flags.dryRun || flags.instanceType)
    throw new UsageError('--dry-run and --instance-type apply to --project only');
  const [input, output] = flags.local!;
  // The redactor is loaded only here: its word table and libraries are not needed by other commands.
  const { redactLocal } = require('../../redact/local') as typeof import('../../redact/local');
  const report = await redactLocal({
    input: path.resolve(ctx.io.cwd, input),
    output: path.resolve(ctx.io.cwd, output),
    report: path.resolve(ctx.io.cwd, flags.report ?? `${output}.report.json`),
    name: input,
    pseudonyms: flags.pseudonyms === true,
    types: typesOf(flags),
    format: flags.format,
  });
  if (ctx.shared.json) ctx.json(report);
  const counts = Object.entries(report.totals.entities)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  ctx.say(
    `redacted ${input} into ${output}: ${report.totals.records} record(s), ${report.totals.entitiesTotal} entities${counts ? ` (${counts})` : ''}; report at ${flags.report ?? `${output}.report.json`}`,
  );
  return EXIT.OK;
}

async function project(ctx: CommandContext, flags: RedactFlags): Promise<number> {
  if (flags.report)
    throw new UsageError('--report applies to --local; the job writes report.json beside its output');
  const { launchRedaction } =
    require('../../launcher/redaction/launch') as typeof import('../../launcher/redaction/launch');
  const options = {
    cwd: ctx.io.cwd,
    projectsDir: ctx.shared.projectsDir,
    projectName: ctx.shared.project!,
    outputsFile: ctx.shared.outputsFile,
    dryRun: flags.dryRun === true,
    now: ctx.now(),
    input: flags.input!,
    output: flags.output!,
    instanceType: flags.instanceType,
    pseudonyms: flags.pseudonyms === true,
    types: typesOf(flags),
    format: flags.format,
  };
  if (options.dryRun) {
    const launch = await launchRedaction(options);
    ctx.json(launch.request);
    ctx.say(
      `dry run: nothing was sent, not even to STS. Outputs from ${launch.outputsSource}; training would read ${launch.channel}`,
    );
    return EXIT.OK;
  }
  const { awsFactory } = require('../aws') as typeof import('../aws');
  const launch = await launchRedaction(options, awsFactory(ctx));
  if (ctx.shared.json)
    ctx.json({ job: launch.request.ProcessingJobName, arn: launch.jobArn, channel: launch.channel });
  else ctx.out(launch.request.ProcessingJobName!);
  ctx.say(`started ${launch.jobArn}; when it completes, training specs read ${launch.channel}`);
  return EXIT.OK;
}
