import { Acknowledgment } from './acknowledgments';
import { IdleCost } from './idle-cost';

export type Severity = 'error' | 'warning';

/** One rule not met by one resource. */
export interface Finding {
  readonly tool: 'cdk-nag' | 'control-tower' | 'cfn-lint';
  /** AwsSolutions, HIPAA.Security, ..., Isolation, ControlTower, cfn-lint. */
  readonly pack: string;
  /** The full rule ID, as an acknowledgment would name it. */
  readonly rule: string;
  readonly severity: Severity;
  /** What is wrong. */
  readonly info: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  readonly project?: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly constructPath?: string;
  /** The file a reviewer should open: the template (`--template`) or the project file (app). */
  readonly file?: string;
  readonly line?: number;
}

/** A resource that was checked, with the acknowledgments it carries. */
export interface CheckedResource {
  readonly project?: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly acknowledgments: readonly Acknowledgment[];
}

/** A Control Tower control acknowledged on one resource. */
export interface GuardAcknowledgmentRecord {
  readonly rule: string;
  readonly reason: string;
  readonly project?: string;
  readonly stackName: string;
  readonly logicalId: string;
}

export interface CheckReport {
  readonly mode: 'app' | 'templates';
  /** Packs and validators that ran. */
  readonly packs: readonly string[];
  /** Findings that fail the check. */
  readonly findings: readonly Finding[];
  /** Reported, but do not fail the check (cfn-lint warnings and notes). */
  readonly warnings: readonly Finding[];
  readonly resources: readonly CheckedResource[];
  readonly guardAcknowledgments: readonly GuardAcknowledgmentRecord[];
  readonly stacks: readonly {
    readonly stackName: string;
    readonly project?: string;
    readonly file: string;
  }[];
  /** Plain statements for the reader (a validator not installed, a skipped step). */
  readonly notes: readonly string[];
  /** What each Isolation rule concluded on each resource it looks at. */
  readonly evidence: readonly RuleEvidence[];
  /** Milliseconds spent per step (synth, include, each pack, control-tower, cfn-lint, evidence). */
  readonly timings: Readonly<Record<string, number>>;
  /** Fixed monthly cost per project when no job runs. */
  readonly idleCost: Readonly<Record<string, IdleCost>>;
}

/** One Isolation rule's verdict on one resource. */
export interface RuleEvidence {
  readonly rule: string;
  readonly control: number;
  readonly project?: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  readonly result: 'pass' | 'finding' | 'acknowledged' | 'not applicable';
}

/** Stable order: project, stack, resource, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.project ?? '').localeCompare(b.project ?? '') ||
    a.stackName.localeCompare(b.stackName) ||
    a.logicalId.localeCompare(b.logicalId) ||
    a.rule.localeCompare(b.rule)
  );
}
