import { ProjectConfig } from '../config';
import { COMPLIANCE_BOUNDS, RETENTION_LIMITS } from '../contract/compliance-bounds';

/**
 * What a project file says that the templates alone cannot: the exact retention and lock settings
 * the rules compare the synthesized resources with. `isotrain check` (app mode) knows the project
 * file and passes them to the model (`AppModel.useProjectSettings`); with `--template` they are
 * unknown and the rules fall back to the documented bounds in `TEMPLATE_BOUNDS`.
 */
export interface ProjectSettings {
  readonly objectLock: { readonly mode: 'COMPLIANCE' | 'GOVERNANCE'; readonly days: number };
  readonly trainingDataDays: number;
  readonly noncurrentVersionDays: number;
  readonly checkpointDays: number;
  readonly unreleasedModelDays: number;
  readonly jobLogDays: number;
  /** training.requireRedaction: raw uploads are read by the redaction role only (Isolation-S3RAW). */
  readonly requireRedaction?: boolean;
}

/**
 * Bounds a template checked without its project file must meet. Each is the limit the project schema
 * allows, except where isotrain's own claim is stronger:
 * - audit records stay locked at least a year (the default is 7; a shorter lock is an audit trail
 *   that can be deleted early), and GOVERNANCE mode counts only when the bucket policy denies
 *   s3:BypassGovernanceRetention to everyone (otherwise an administrator can delete the records);
 * - job logs, which hold what containers print, are kept at most 90 days (the default is 30);
 * - every other log group (flow logs, DNS query logs, trail events) at least as long as the schema
 *   allows retention.logDays to be.
 */
export const TEMPLATE_BOUNDS = {
  minAuditLockDays: COMPLIANCE_BOUNDS.minAuditLockDays.value,
  maxCurrentDays: RETENTION_LIMITS.maxCurrentDays,
  maxNoncurrentDays: RETENTION_LIMITS.maxNoncurrentDays,
  maxJobLogDays: COMPLIANCE_BOUNDS.maxJobLogDays.value,
  /** retention.logDays: flow logs, DNS query logs, trail events (Control Tower CT.CLOUDWATCH.PR.2). */
  minLogDays: COMPLIANCE_BOUNDS.minLogDays.value,
} as const;

/** The settings of a parsed project file. */
export function projectSettingsOf(config: ProjectConfig): ProjectSettings {
  const r = config.retention;
  return {
    objectLock: { mode: config.audit.objectLockMode, days: r.auditDays },
    trainingDataDays: r.trainingDataDays,
    noncurrentVersionDays: r.noncurrentVersionDays,
    checkpointDays: r.checkpointDays,
    unreleasedModelDays: r.unreleasedModelDays,
    jobLogDays: r.jobLogDays,
    requireRedaction: config.training.requireRedaction,
  };
}

/**
 * The settings of each project whose file the caller knows (app mode), by project name. A config that
 * is not a parsed project file (no retention or audit section) contributes nothing.
 */
export function projectSettingsByName(
  sources: readonly { readonly project?: string; readonly config?: unknown }[],
): Map<string, ProjectSettings> {
  const out = new Map<string, ProjectSettings>();
  for (const { project, config } of sources) {
    const c = config as Partial<ProjectConfig> | undefined;
    if (project && c?.retention && c.audit) out.set(project, projectSettingsOf(c as ProjectConfig));
  }
  return out;
}
