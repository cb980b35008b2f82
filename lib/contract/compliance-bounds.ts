/**
 * Bounds the compliance checks put on values that come straight from a project file. The project
 * schema refuses a value outside them up front, in project-file terms and naming the control, so a
 * project file the schema accepts never fails `cdk synth` or `isotrain check` on its own values;
 * the checks apply the same numbers to templates from anywhere.
 */
export const COMPLIANCE_BOUNDS = {
  /** Control Tower CT.CLOUDWATCH.PR.2: every log group keeps its events at least a year. */
  minLogDays: { value: 365, control: 'Control Tower CT.CLOUDWATCH.PR.2' },
  /** Isolation-AUDIT1: audit records locked at least a year. */
  minAuditLockDays: { value: 365, control: 'Isolation-AUDIT1' },
  /** Isolation-LOG3: what job containers print (they see the data) is kept briefly. */
  maxJobLogDays: { value: 90, control: 'Isolation-LOG3' },
} as const;

/**
 * The longest the project schema lets data live: current objects (training data, checkpoints,
 * unreleased models, raw uploads) and overwritten or deleted versions. The lifecycle rules judge a
 * template checked without its project file against the same numbers.
 */
export const RETENTION_LIMITS = {
  maxCurrentDays: 3650,
  maxNoncurrentDays: 365,
} as const;

/**
 * Isolation-AUDIT1 accepts GOVERNANCE mode only when the audit bucket policy denies
 * s3:BypassGovernanceRetention to everyone; the Data stack writes no such statement, so a project
 * must use COMPLIANCE.
 */
export const AUDIT_LOCK_MODE_CONTROL = 'Isolation-AUDIT1';
