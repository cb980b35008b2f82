import * as path from 'node:path';
import type { TrainingJobStatus } from '@aws-sdk/client-sagemaker';
import { Command, EXIT, UsageError } from './command';
import { parseOptions } from './main';
import { JobCommandDeps, jobsIn } from './status';
import { fail } from './train';
import { duration, explainError, loadProject } from '../launcher';

const STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

const USAGE = `usage: isotrain jobs --project NAME [--status STATUS] [--max N] [--json] [--projects-dir DIR]

Lists the project's training jobs (named <project>-...), newest first, in the project's region.

options:
  --status STATUS   only jobs in this status: ${STATUSES.join(', ')}
  --max N           at most N jobs (default 50)
  --json            one JSON array on stdout

exit: 0 listed, 1 AWS refused, 2 bad input
`;

export function jobsCommand(deps: JobCommandDeps = {}): Command {
  return {
    name: 'jobs',
    summary: "list a project's training jobs",
    usage: USAGE,
    run: async (args, io) => {
      const { values } = parseOptions(args, {
        project: { type: 'string' },
        status: { type: 'string' },
        max: { type: 'string' },
        json: { type: 'boolean' },
        'projects-dir': { type: 'string' },
      });
      if (!values.project) throw new UsageError('--project is required');
      if (values.status && !(STATUSES as readonly string[]).includes(values.status)) {
        throw new UsageError(`--status: expected one of ${STATUSES.join(', ')}, got "${values.status}"`);
      }
      const max = values.max === undefined ? 50 : Number(values.max);
      if (!Number.isInteger(max) || max < 1)
        throw new UsageError(`--max: expected a positive integer, got "${values.max}"`);
      const dir = path.resolve(io.cwd, values['projects-dir'] ?? io.env.ISOTRAIN_PROJECTS_DIR ?? 'projects');
      const project = loadProject(dir, values.project).config;
      let list;
      try {
        list = await jobsIn(io, deps, project.region).list(
          `${project.name}-`,
          max,
          values.status as TrainingJobStatus | undefined,
        );
      } catch (e) {
        return fail(io, explainError(e, { action: 'sagemaker:ListTrainingJobs', project: project.name }));
      }
      if (values.json) {
        io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return EXIT.OK;
      }
      if (list.length === 0) {
        io.stderr.write(`no training jobs named ${project.name}-... in ${project.region}\n`);
        return EXIT.OK;
      }
      const rows = list.map((j) => [
        j.TrainingJobName ?? '',
        j.TrainingJobStatus ?? '',
        j.CreationTime?.toISOString().replace(/\.\d+Z$/, 'Z') ?? '-',
        j.TrainingEndTime && j.CreationTime
          ? duration(Math.round((j.TrainingEndTime.getTime() - j.CreationTime.getTime()) / 1000))
          : '-',
      ]);
      const header = ['JOB', 'STATUS', 'CREATED', 'DURATION'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      for (const r of [header, ...rows]) {
        io.stdout.write(
          `${r
            .map((c, i) => c.padEnd(widths[i]))
            .join('  ')
            .trimEnd()}\n`,
        );
      }
      return EXIT.OK;
    },
  };
}

export const jobs = jobsCommand();
