import { Acknowledgment, IgnoredAcknowledgment } from './acknowledgments';
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

/** Where an acknowledgment is written, which decides who may grant it. */
export type AcknowledgmentSource =
  /** The reviewed acknowledgments file (Isolation rules): see docs/acknowledgments.md. */
  | 'reviewed-file'
  /** The template's own metadata (`cdk_nag.rules_to_suppress`): cdk-nag's mechanism, AWS packs only. */
  | 'template-metadata'
  /** isotrain's code (`GUARD_ACKNOWLEDGMENTS`): Control Tower controls that do not fit a project. */
  | 'isotrain-code';

/** One acknowledged finding (or, for template metadata, one acknowledgment a resource carries). */
export interface AcknowledgmentRecord {
  readonly source: AcknowledgmentSource;
  readonly pack: string;
  /** The rule or finding ID acknowledged. */
  readonly rule: string;
  readonly reason: string;
  /** Who approved it (reviewed file only). */
  readonly approvedBy?: string;
  readonly project?: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** Where the resource is defined: the template, or the project file. */
  readonly file?: string;
  readonly line?: number;
  /** Where the acknowledgment is written when that is not the template (the reviewed file). */
  readonly acknowledgedIn?: { readonly file: string; readonly line?: number };
}

/** A reviewed acknowledgment that matched no finding: the resource changed or is gone; remove it. */
export interface StaleAcknowledgment {
  readonly rule: string;
  readonly stack: string;
  readonly resource: string;
  readonly reason: string;
  readonly file: string;
  readonly line?: number;
}

/** A step of a long check, for a progress line. */
export interface CheckProgress {
  /** `synth`, `include`, a pack name, `ControlTower`, `cfn-lint`, `report`. */
  readonly step: string;
  readonly message: string;
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
  /** Every acknowledgment that applied, from every source. */
  readonly acknowledgments: readonly AcknowledgmentRecord[];
  /** Reviewed acknowledgments that matched nothing. */
  readonly staleAcknowledgments: readonly StaleAcknowledgment[];
  /** Acknowledgments of Isolation rules written in template metadata, which are not honoured. */
  readonly ignoredAcknowledgments: readonly IgnoredAcknowledgment[];
  readonly stacks: readonly {
    readonly stackName: string;
    readonly project?: string;
    readonly file: string;
    readonly account?: string;
    readonly region?: string;
  }[];
  /** External tools that ran, with their versions. */
  readonly tools: readonly { readonly name: string; readonly version?: string; readonly templates: number }[];
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
