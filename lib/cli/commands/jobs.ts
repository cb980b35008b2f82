import type { TrainingJobStatus } from '@aws-sdk/client-sagemaker';
import { listJobs } from '../../launcher/jobs';
import { duration } from '../../launcher/summary';
import { CommandContext, EXIT } from '../context';
import { awsFactory } from '../aws';
import { requireProject, table } from '../shared';

export async function run(
  ctx: CommandContext,
  _args: readonly string[],
  flags: Readonly<Record<string, unknown>>,
) {
  const { project, jobs } = await listJobs(
    {
      cwd: ctx.io.cwd,
      projectsDir: ctx.shared.projectsDir,
      projectName: requireProject(ctx),
      status: flags.status as TrainingJobStatus | undefined,
      max: flags.max as number,
    },
    awsFactory(ctx),
  );
  if (ctx.shared.json) {
    ctx.json(jobs);
    return EXIT.OK;
  }
  if (jobs.length === 0) {
    ctx.say(`no training jobs named ${project.config.name}-... in ${project.config.region}`);
    return EXIT.OK;
  }
  const rows = jobs.map((j) => [
    j.TrainingJobName ?? '',
    j.TrainingJobStatus ?? '',
    j.CreationTime?.toISOString().replace(/\.\d+Z$/, 'Z') ?? '-',
    j.TrainingEndTime && j.CreationTime
      ? duration(Math.round((j.TrainingEndTime.getTime() - j.CreationTime.getTime()) / 1000))
      : '-',
  ]);
  ctx.out(table([['JOB', 'STATUS', 'CREATED', 'DURATION'], ...rows]));
  return EXIT.OK;
}
