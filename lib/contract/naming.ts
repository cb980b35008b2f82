/**
 * Names of a project's jobs. Project names never contain `--` (the project schema refuses it), so
 * `<project>--` prefixes the jobs of exactly one project: `legal--*` cannot match a job of
 * `legal-eu`, whose jobs start `legal-eu--`. IAM resource patterns, log-stream patterns and list
 * filters all use this prefix.
 */
export const JOB_NAME_SEPARATOR = '--';

/** The prefix every job name of a project starts with. */
export function jobNamePrefix(project: string): string {
  return `${project}${JOB_NAME_SEPARATOR}`;
}

/** The project a job name belongs to, given the known project names; undefined when none. */
export function projectOfJobName(jobName: string, projects: readonly string[]): string | undefined {
  return projects.find((p) => jobName.startsWith(jobNamePrefix(p)));
}
