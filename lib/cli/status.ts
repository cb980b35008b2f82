import { CliIo, Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';
import { parseOptions } from './main';
import { cached, fail, retryNotice } from './train';
import {
  LauncherClients,
  Sleep,
  TrainingJobs,
  createClients,
  explainError,
  formatSummary,
  isNotFound,
  projectOfJob,
  summarize,
} from '../launcher';
import * as path from 'node:path';

export interface JobCommandDeps {
  readonly clients?: (region: string | undefined) => LauncherClients;
  readonly now?: () => Date;
  readonly sleep?: Sleep;
}

/** The region of a job: its project's (by name prefix), else the standard AWS configuration's. */
export function jobRegion(io: CliIo, projectsDir: string | undefined, job: string): string | undefined {
  const dir = path.resolve(io.cwd, projectsDir ?? io.env.ISOTRAIN_PROJECTS_DIR ?? 'projects');
  return projectOfJob(dir, job)?.config.region;
}

/** TrainingJobs for one region, with throttling notices on stderr. */
export function jobsIn(io: CliIo, deps: JobCommandDeps, region: string | undefined): TrainingJobs {
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const clients = cached((r: string) => (deps.clients ?? ((x) => createClients(x)))(r || undefined));
  return new TrainingJobs(clients(region ?? ''), retryNotice(say, deps.sleep));
}

const USAGE = `usage: isotrain status JOB [--json] [--projects-dir DIR]

Shows a training job: status and secondary status, failure reason, elapsed, training and billable
time, spot savings, where the model and checkpoints went, and the status transitions so far.
The region is the job's project's (its name starts with <project>-), else AWS_REGION.

exit: 0 shown, 1 AWS refused, 2 no such job
`;

export function statusCommand(deps: JobCommandDeps = {}): Command {
  return {
    name: 'status',
    summary: 'show a training job: status, transitions, times, spot savings',
    usage: USAGE,
    run: async (args, io) => {
      const { values, positionals } = parseOptions(
        args,
        { json: { type: 'boolean' }, 'projects-dir': { type: 'string' } },
        true,
      );
      if (positionals.length !== 1) throw new UsageError('expected exactly one job name');
      const [job] = positionals;
      const region = jobRegion(io, values['projects-dir'], job);
      let description;
      try {
        description = await jobsIn(io, deps, region).describe(job);
      } catch (e) {
        if (isNotFound(e))
          throw new InputError(
            `JOB: expected a training job in ${region ?? 'the configured region'}, got "${job}" (not found)`,
          );
        return fail(io, explainError(e, { action: 'sagemaker:DescribeTrainingJob' }));
      }
      if (values.json) {
        io.stdout.write(
          `${JSON.stringify(description, (k, v: unknown) => (k === '$metadata' ? undefined : v), 2)}\n`,
        );
        return EXIT.OK;
      }
      io.stdout.write(`${formatSummary(summarize(description, (deps.now ?? (() => new Date()))()))}\n`);
      const transitions = description.SecondaryStatusTransitions ?? [];
      if (transitions.length > 0) {
        io.stdout.write('transitions:\n');
        for (const t of transitions) {
          const at = t.StartTime ? t.StartTime.toISOString() : '-';
          io.stdout.write(`  ${at}  ${t.Status}${t.StatusMessage ? ` — ${t.StatusMessage}` : ''}\n`);
        }
      }
      return EXIT.OK;
    },
  };
}

export const status = statusCommand();
