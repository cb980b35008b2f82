/** The environment AWS configuration is read from: process.env in the CLI, a plain object in tests. */
export type AwsEnv = Readonly<Record<string, string | undefined>>;

/** What a command knows about the project it works on, when it knows one. */
export interface ProjectLocation {
  readonly name: string;
  readonly region: string;
  /** The project file, for messages. */
  readonly file?: string;
}

export interface RegionChoice {
  /** The region to configure clients with; undefined leaves it to the profile (AWS_PROFILE, ~/.aws/config). */
  readonly region?: string;
  readonly from: 'project' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'profile';
  /** Set when AWS_REGION names another region than the project's: worth one line on stderr. */
  readonly notice?: string;
}

/**
 * The one region rule of every command: the project's region when the command knows its project
 * (a project's resources exist only there), else AWS_REGION, else AWS_DEFAULT_REGION, else the
 * region of the profile. A project's region wins over AWS_REGION, and the user is told when they
 * differ, because a shell left on another region is the usual cause of "not found".
 */
export function chooseRegion(env: AwsEnv, project?: ProjectLocation): RegionChoice {
  const fromEnv = env.AWS_REGION || undefined;
  if (project) {
    const notice =
      fromEnv && fromEnv !== project.region
        ? `note: AWS_REGION is ${fromEnv}, but project ${project.name} lives in ${project.region}` +
          `${project.file ? ` (${project.file} region)` : ''}; using ${project.region}`
        : undefined;
    return { region: project.region, from: 'project', notice };
  }
  if (fromEnv) return { region: fromEnv, from: 'AWS_REGION' };
  if (env.AWS_DEFAULT_REGION) return { region: env.AWS_DEFAULT_REGION, from: 'AWS_DEFAULT_REGION' };
  return { from: 'profile' };
}
