import * as path from 'node:path';
import { InputError, jobNamePrefix } from '../contract';
import { ConfigError, LoadedProject, loadProjects } from '../config/load';

/** Every project file in a directory; any problem in any of them is bad input (exit 2). */
export function loadAllProjects(projectsDir: string): LoadedProject[] {
  try {
    return loadProjects(projectsDir);
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(`the project files have problems:\n${e.message}`);
    throw e;
  }
}

/** One project by name among the project files. */
export function loadProject(projectsDir: string, name: string): LoadedProject {
  const projects = loadAllProjects(projectsDir);
  const found = projects.find((p) => p.config.name === name);
  if (!found) {
    throw new InputError(
      `--project: expected one of the projects in ${projectsDir} (${projects.map((p) => p.config.name).join(', ') || 'none'}), got "${name}"`,
    );
  }
  return found;
}

/**
 * The project a job (or run) belongs to, from its name: `<project>--...` names exactly one project;
 * otherwise the longest project name followed by `-` (`legal-eu-...` belongs to legal-eu, not legal).
 */
export function projectOfJobName(
  projects: readonly LoadedProject[],
  jobName: string,
): LoadedProject | undefined {
  const exact = projects.find((p) => jobName.startsWith(jobNamePrefix(p.config.name)));
  if (exact) return exact;
  return projects
    .filter((p) => jobName.startsWith(`${p.config.name}-`))
    .sort((a, b) => b.config.name.length - a.config.name.length)[0];
}

/** The project file as messages spell it: relative to the working directory. */
export function projectFileOf(cwd: string, project: LoadedProject): string {
  return path.relative(cwd, project.file) || project.file;
}
