import { CfnResource, PolicyValidationPluginReport, PolicyViolation, Stack } from 'aws-cdk-lib';
import { NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { IsolationAcknowledgment, covers, readAcknowledgments } from './engine/acknowledgment-file';
import { AppModel } from './model';
import { IsolationRule, appliesTo } from './rule';
import { ISOLATION_RULES } from './rules';

export const ISOLATION_PACK = 'Isolation';

/** `Isolation-<id>` of every rule. */
export const ISOLATION_RULE_IDS: readonly string[] = ISOLATION_RULES.map((r) => `${ISOLATION_PACK}-${r.id}`);

/** The reviewed acknowledgments: read from a file (checked against the rules), given, or none. */
export function isolationAcknowledgments(
  given: string | readonly IsolationAcknowledgment[] | undefined,
): readonly IsolationAcknowledgment[] {
  if (given === undefined) return [];
  return typeof given === 'string' ? readAcknowledgments(given, ISOLATION_RULE_IDS) : given;
}

export interface IsolationChecksProps extends NagPackProps {
  /**
   * The reviewed acknowledgments (docs/acknowledgments.md): the only way to acknowledge an Isolation
   * finding. Acknowledgments written on constructs or in template metadata are not honoured.
   * @default - none: every finding counts
   */
  readonly acknowledgments?: readonly IsolationAcknowledgment[];
}

/** One rule's verdict on one resource, with the finding IDs it raised and what acknowledged them. */
export interface IsolationVerdict {
  /** `Isolation-<id>`. */
  readonly rule: string;
  readonly control: number;
  readonly node: CfnResource;
  readonly stackName: string;
  readonly logicalId: string;
  readonly result: 'pass' | 'finding' | 'acknowledged' | 'not applicable';
  /** Each finding ID (`Isolation-X` or `Isolation-X[detail]`) and the acknowledgment that covers it, if any. */
  readonly findings: readonly { readonly id: string; readonly acknowledgment?: IsolationAcknowledgment }[];
  /** The rule could not decide (it threw); counted as a finding. */
  readonly error?: string;
}

/**
 * The Isolation pack: one rule per way data could leave an isotrain project. Rules read the resolved
 * CloudFormation properties of each resource (so CfnInclude'd templates are checked the same way) and
 * follow references across the whole app. Run it after synthesis (as cdk does): tags, and with them
 * the `isotrain:purpose` of buckets and keys, are applied during synthesis.
 *
 * Unlike the other packs it does not read cdk-nag acknowledgments from the construct tree (which is
 * where a template's own metadata lands): only the reviewed acknowledgments it is given count.
 */
export class IsolationChecks extends NagPack {
  public readonly name = ISOLATION_PACK;
  public override readonly ruleIds = [...ISOLATION_RULE_IDS];
  /** Every verdict of the last `validateScope`, for the evidence report. */
  public verdicts: IsolationVerdict[] = [];
  private readonly acknowledgments: readonly IsolationAcknowledgment[];
  private readonly explain: boolean;

  constructor(scope?: IConstruct, props?: IsolationChecksProps) {
    super(scope, props);
    this.packName = ISOLATION_PACK;
    this.acknowledgments = props?.acknowledgments ?? [];
    this.explain = props?.verbose ?? false;
  }

  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.verdicts = [];
    AppModel.reset(scope);
    try {
      super.validateScope(scope);
    } finally {
      AppModel.reset(scope);
    }
    return { success: this.unacknowledged().length === 0, violations: this.unacknowledged() };
  }

  protected checkResource(node: CfnResource): void {
    const stack = Stack.of(node);
    const where = { stackName: stack.stackName, logicalId: stack.resolve(node.logicalId) as string };
    for (const rule of ISOLATION_RULES) {
      if (appliesTo(rule, node.cfnResourceType)) this.verdicts.push(this.judge(rule, node, where));
    }
  }

  private judge(
    rule: IsolationRule,
    node: CfnResource,
    where: { stackName: string; logicalId: string },
  ): IsolationVerdict {
    const id = `${ISOLATION_PACK}-${rule.id}`;
    let ids: string[];
    let error: string | undefined;
    let notApplicable = false;
    try {
      const result = rule.check(node);
      ids = Array.isArray(result)
        ? result.map((detail) => `${id}[${detail}]`)
        : result === NagRuleCompliance.NON_COMPLIANT
          ? [id]
          : [];
      notApplicable = result === NagRuleCompliance.NOT_APPLICABLE;
    } catch (e) {
      // A rule that cannot decide fails: an unreadable policy must not pass.
      ids = [id];
      error = e instanceof Error ? e.message : String(e);
    }
    const findings = ids.map((fid) => ({
      id: fid,
      acknowledgment: this.acknowledgments.find((a) => covers(a, { rule: fid, ...where })),
    }));
    const result =
      findings.length === 0
        ? notApplicable
          ? 'not applicable'
          : 'pass'
        : findings.every((f) => f.acknowledgment)
          ? 'acknowledged'
          : 'finding';
    return { rule: id, control: rule.control, node, ...where, result, findings, error };
  }

  /** The unacknowledged findings, grouped by finding ID as cdk-nag reports them. */
  private unacknowledged(): PolicyViolation[] {
    const byId = new Map<
      string,
      PolicyViolation & { violatingResources: PolicyViolation['violatingResources'][number][] }
    >();
    for (const v of this.verdicts) {
      const rule = ISOLATION_RULES.find((r) => `${ISOLATION_PACK}-${r.id}` === v.rule)!;
      for (const f of v.findings.filter((x) => !x.acknowledgment)) {
        const description = v.error
          ? `Rule threw an error during validation. ${v.error}`
          : this.explain
            ? `${rule.info} ${rule.explanation}`
            : rule.info;
        const entry = byId.get(f.id) ?? {
          ruleName: f.id,
          description,
          // 'fatal': the CDK framework lets a construct acknowledge any violation of lower severity
          // (Validations.acknowledge({ id: 'Isolation::...' })), which would bypass the reviewed file.
          severity: 'fatal',
          violatingResources: [],
        };
        entry.violatingResources.push({ constructPath: v.node.node.path, locations: ['Properties'] });
        byId.set(f.id, entry);
      }
    }
    return [...byId.values()];
  }
}
