import {
  GovernanceContext,
  RunSummary,
  RunNotFoundError,
  callerIdentity,
  governanceContext,
  listRunIds,
  readRecord,
  summarize,
} from '../governance';
import { CliIo, Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';
import { parseOptions } from './main';

/** Options every run command shares: where the project and its deployed outputs come from. */
export const RUN_OPTIONS = {
  project: { type: 'string' },
  'outputs-file': { type: 'string' },
} as const;

export const RUN_OPTIONS_USAGE = `  --project NAME        the project (default: the project whose name prefixes RUN)
  --outputs-file FILE   deployed outputs as written by 'cdk deploy --outputs-file'
                        (default: the project's SSM parameters /isotrain/<project>/...)`;

/** Parses `RUN [options]` and builds the context; a missing run becomes an input error (exit 2). */
export async function runCommandContext<T extends Record<string, { type: 'string' | 'boolean' }>>(
  args: string[],
  io: CliIo,
  extra: T,
): Promise<{ runId: string; ctx: GovernanceContext; values: Record<string, string | boolean | undefined> }> {
  const { values, positionals } = parseOptions(args, { ...RUN_OPTIONS, ...extra }, true);
  if (positionals.length !== 1) throw new UsageError(`expected exactly one RUN, got ${positionals.length}`);
  const runId = positionals[0];
  const v = values as Record<string, string | boolean | undefined>;
  const ctx = await governanceContext(io.env, io.cwd, {
    project: v.project as string | undefined,
    runId,
    outputsFile: v['outputs-file'] as string | undefined,
  });
  return { runId, ctx, values: v };
}

/** Runs a step that needs the run's record, turning "no such run" into exit 2. */
export async function withRun<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RunNotFoundError) throw new InputError(`RUN: ${e.message}`);
    throw e;
  }
}

export async function callerArn(ctx: GovernanceContext): Promise<string> {
  return (await callerIdentity(ctx.clients.sts)).arn;
}

const usage = `usage: isotrain runs --project NAME [--outputs-file FILE] [--json]

Lists the project's runs from their records in the audit bucket: start, caller, job status, wipe,
evaluation and release decision.

${RUN_OPTIONS_USAGE}
  --json                one JSON object per run on stdout`;

export const runsCommand: Command = {
  name: 'runs',
  summary: "list a project's runs and where each stands",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseOptions(args, { ...RUN_OPTIONS, json: { type: 'boolean' } });
    if (!values.project) throw new UsageError('--project NAME is required');
    const ctx = await governanceContext(io.env, io.cwd, {
      project: values.project,
      outputsFile: values['outputs-file'],
    });
    const summaries: RunSummary[] = [];
    for (const runId of await listRunIds(ctx.store)) {
      try {
        summaries.push(summarize((await readRecord(ctx.store, runId)).record));
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        // One unreadable record must not hide the others; verify says what is wrong with it.
        const unreadable = `unreadable (isotrain verify ${runId})`;
        summaries.push({
          runId,
          project: ctx.project.name,
          startedAt: '',
          startedBy: '',
          jobStatus: unreadable,
          wipe: '',
          evaluation: '',
          release: '',
          steps: 0,
        });
      }
    }
    if (values.json) {
      for (const s of summaries) io.stdout.write(`${JSON.stringify(s)}\n`);
      return EXIT.OK;
    }
    if (summaries.length === 0) {
      io.stderr.write(`no runs recorded for project ${ctx.project.name}\n`);
      return EXIT.OK;
    }
    const rows = [
      ['RUN', 'STARTED', 'JOB', 'WIPE', 'EVALUATION', 'RELEASE', 'BY'],
      ...summaries.map((s) => [
        s.runId,
        s.startedAt,
        s.jobStatus,
        s.wipe,
        s.evaluation,
        s.release,
        s.startedBy,
      ]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows)
      io.stdout.write(
        `${r
          .map((c, i) => c.padEnd(widths[i]))
          .join('  ')
          .trimEnd()}\n`,
      );
    return EXIT.OK;
  },
};
