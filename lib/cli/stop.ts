import { Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';
import { parseOptions } from './main';
import { JobCommandDeps, jobRegion, jobsIn } from './status';
import { fail } from './train';
import { createProgress, explainError, followJob, formatSummary, isNotFound, summarize } from '../launcher';

const USAGE = `usage: isotrain stop JOB [--wait] [--poll-seconds N] [--projects-dir DIR]

Asks SageMaker to stop a training job (it saves the model and checkpoints written so far).
With --wait, follows it until it has stopped.

exit: 0 stop requested (or stopped, with --wait), 1 AWS refused or the job had already ended,
      2 no such job
`;

export function stopCommand(deps: JobCommandDeps = {}): Command {
  return {
    name: 'stop',
    summary: 'stop a training job',
    usage: USAGE,
    run: async (args, io) => {
      const { values, positionals } = parseOptions(
        args,
        { wait: { type: 'boolean' }, 'poll-seconds': { type: 'string' }, 'projects-dir': { type: 'string' } },
        true,
      );
      if (positionals.length !== 1) throw new UsageError('expected exactly one job name');
      const [job] = positionals;
      const pollSeconds = values['poll-seconds'] === undefined ? 15 : Number(values['poll-seconds']);
      if (!Number.isFinite(pollSeconds) || pollSeconds < 1) {
        throw new UsageError(
          `--poll-seconds: expected a number of at least 1, got "${values['poll-seconds']}"`,
        );
      }
      const region = jobRegion(io, values['projects-dir'], job);
      const jobs = jobsIn(io, deps, region);
      try {
        await jobs.stop(job);
      } catch (e) {
        if (isNotFound(e))
          throw new InputError(
            `JOB: expected a training job in ${region ?? 'the configured region'}, got "${job}" (not found)`,
          );
        return fail(io, explainError(e, { action: 'sagemaker:StopTrainingJob' }));
      }
      io.stderr.write(`stop requested for ${job}\n`);
      if (!values.wait) return EXIT.OK;
      const progress = createProgress(io.stderr);
      try {
        const final = await followJob(jobs, job, {
          pollMs: pollSeconds * 1000,
          sleep: deps.sleep,
          now: deps.now,
          onEvent: (e) => progress.onEvent(e),
        });
        progress.finish();
        io.stdout.write(`${formatSummary(summarize(final, (deps.now ?? (() => new Date()))()))}\n`);
        return final.TrainingJobStatus === 'Stopped' ? EXIT.OK : EXIT.FAILED;
      } catch (e) {
        progress.finish();
        return fail(io, explainError(e, { action: 'sagemaker:DescribeTrainingJob' }));
      }
    },
  };
}

export const stop = stopCommand();
