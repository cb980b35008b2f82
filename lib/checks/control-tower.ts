/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- CloudFormation templates and cfn-guard reports are untyped JSON */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { Json, flatten } from './cfn';
import { JOB_LOG_GROUPS, PURPOSES } from '../contract';
import { BackgroundProcess, startBackground } from './engine/background';
import { projectFieldMessage, projectFieldOf } from './engine/project-field-controls';
import { projectOf, purposeOf } from './engine/template-facts';

export {
  PROJECT_FIELD_CONTROLS,
  projectFieldMessage,
  projectFieldProblems,
} from './engine/project-field-controls';
export type { ProjectFieldControl } from './engine/project-field-controls';

/** The pack name Control Tower findings carry (`ControlTower-<guard rule>`). */
export const CONTROL_TOWER = 'ControlTower';

/** A Control Tower proactive control found not met on one resource of one template. */
export interface GuardViolation {
  /** The cfn-guard rule (`cloudwatch_log_group_retention_period_check`). */
  readonly rule: string;
  /** `[CT.CLOUDWATCH.PR.2]: Require ...`. */
  readonly description: string;
  readonly fix: string;
  /** The template as given (not guard's reduced copy). */
  readonly templatePath: string;
  readonly logicalId: string;
}

/** The Control Tower control ID in a description (`CT.CLOUDWATCH.PR.2`), if it names one. */
export const controlId = (description: string): string | undefined =>
  /\[(CT\.[A-Z0-9]+\.PR\.[0-9]+)\]/.exec(description)?.[1];

/** A Control Tower control that does not apply to some resources, with the reason a reviewer can check. */
export interface GuardAcknowledgment {
  readonly rule: string;
  readonly reason: string;
  /** Which resources it covers (by their template definition). */
  readonly covers: (resource: Json) => boolean;
}

const crossStack = (v: Json) => /\$\{(Output|Import):/.test(flatten(v));

/**
 * The Control Tower controls that do not fit an isolated training project, each limited to the
 * resources it is about. Everything else the bundled rules report is a finding. They live here,
 * in reviewed code, not in the templates they judge.
 */
export const GUARD_ACKNOWLEDGMENTS: readonly GuardAcknowledgment[] = [
  {
    rule: 'cloud_trail_encryption_enabled_check',
    reason:
      'The trail has a KMSKeyId, a cross-stack reference to the project logs key, which Guard cannot read; ' +
      'Isolation-TRAIL2 proves the key is set.',
    covers: (r) => r.Type === 'AWS::CloudTrail::Trail' && crossStack(r.Properties?.KMSKeyId),
  },
  {
    rule: 'cloudwatch_log_group_encrypted_check',
    reason:
      'The log group has a KmsKeyId, a cross-stack reference to the project logs key, which Guard cannot read; ' +
      'Isolation-LOG1 proves the key is set.',
    covers: (r) => r.Type === 'AWS::Logs::LogGroup' && crossStack(r.Properties?.KmsKeyId),
  },
  {
    rule: 'cloudwatch_log_group_retention_period_check',
    reason:
      'The SageMaker job log groups hold what training and evaluation containers print, and a container sees ' +
      'the data: their retention is deliberately short (retention.jobLogDays, docs/perimeter.md). Every other ' +
      'log group keeps retention.logDays.',
    covers: (r) =>
      r.Type === 'AWS::Logs::LogGroup' &&
      (JOB_LOG_GROUPS as readonly string[]).includes(r.Properties?.LogGroupName as string),
  },
  {
    rule: 's3_event_notifications_enabled_check',
    reason:
      'Object-level access is recorded by CloudTrail data events (Isolation-TRAIL1); event notifications would ' +
      'add a delivery channel out of the project for object keys.',
    covers: (r) => r.Type === 'AWS::S3::Bucket',
  },
  {
    rule: 's3_bucket_object_lock_enabled_check',
    reason:
      'Training data, artifacts and access logs must be deletable on schedule and on request (lifecycle ' +
      'expiry and the wipe tag, Isolation-S3LIFE); Object Lock would keep them. The audit bucket has Object Lock.',
    covers: (r) => r.Type === 'AWS::S3::Bucket' && purposeOf(r) !== PURPOSES.audit,
  },
  {
    rule: 's3_bucket_logging_enabled_check',
    reason: 'This is the server access log bucket; a bucket cannot log into itself.',
    covers: (r) => r.Type === 'AWS::S3::Bucket' && purposeOf(r) === PURPOSES.accessLogs,
  },
  {
    rule: 'kms_create_grant_aws_service_check',
    reason:
      "The flagged statements are the key policy's delegation to this account's IAM and to AWS log services " +
      'scoped by aws:SourceAccount; grants come only from identity policies, and the training role may create ' +
      'grants only with kms:GrantIsForAWSResource.',
    covers: (r) => r.Type === 'AWS::KMS::Key',
  },
  {
    rule: 'lambda_inside_vpc_check',
    reason:
      'CDK custom-resource handlers run at deploy time and call AWS APIs the isolated VPC has no route to; ' +
      'Isolation-LAMBDA1 proves they cannot read data or use its keys.',
    covers: (r) =>
      r.Type === 'AWS::Lambda::Function' && /CustomResourceProvider|custom resource/i.test(JSON.stringify(r)),
  },
];

const VALIDATOR_ENTRY = require.resolve('@cdklabs/cdk-validator-cfnguard');
const RULES_DIR = path.join(path.dirname(VALIDATOR_ENTRY), '..', 'rules', 'control-tower', 'cfn-guard');

/** One bundled rule file and what it can report on. */
interface RuleFile {
  readonly file: string;
  /** The types its header says it reports on (`# Reports on:`); undefined when it says none. */
  readonly reportsOn?: readonly string[];
  /** Every resource type the file names anywhere: the resources it may read. */
  readonly reads: readonly string[];
  readonly readsMetadata: boolean;
}

let bundled: RuleFile[] | undefined;

/** The bundled Control Tower rule files, read once per process (they ship with the package). */
export function bundledRuleFiles(): readonly RuleFile[] {
  bundled ??= (fs.readdirSync(RULES_DIR, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.guard'))
    .sort()
    .map((f) => {
      const file = path.join(RULES_DIR, f);
      const text = fs.readFileSync(file, 'utf8');
      const code = text.replace(/#.*$/gm, '');
      const header = /^#\s*Reports on:\s*\n#(.*)$/m.exec(text);
      const reported = header?.[1].match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [];
      return {
        file,
        reportsOn: reported.length > 0 ? reported : undefined,
        // What the rules query, comments left out (they name related types the rules never read).
        reads: [...new Set(code.match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? [])],
        readsMetadata: /\bMetadata\b/.test(code),
      };
    });
  return bundled;
}

/**
 * The bundled rule files that can report on these resource types. Every Control Tower rule file
 * says in its header which types it reports on and skips a template without them, so leaving out
 * the rules for types the templates lack changes no result and saves most of Guard's time. A file
 * whose header does not say is always kept.
 */
export function controlTowerRulesFor(types: ReadonlySet<string>): string[] {
  return bundledRuleFiles()
    .filter((r) => r.reportsOn === undefined || r.reportsOn.some((t) => types.has(t)))
    .map((r) => r.file);
}

/** A template as Guard should see it: the resources its rules can read, nothing else. */
function reducedForGuard(body: Json, rules: readonly RuleFile[]): Json {
  const everything = rules.some((r) => r.reportsOn === undefined);
  const read = new Set(rules.flatMap((r) => r.reads));
  const keepMetadata = rules.some((r) => r.readsMetadata);
  const resources = Object.entries<Json>(body?.Resources ?? {})
    .filter(([, r]) => everything || read.has(r?.Type))
    .map(([id, r]) => {
      if (keepMetadata || !r || typeof r !== 'object') return [id, r];
      const rest = { ...r };
      delete rest.Metadata;
      return [id, rest];
    });
  if (resources.length === 0) return undefined;
  const top = { ...body };
  for (const unread of ['Outputs', 'Rules', 'Metadata']) delete top[unread];
  return { ...top, Resources: Object.fromEntries(resources) };
}

export interface GuardTemplate {
  readonly file: string;
  readonly body: Json;
}

/** One cfn-guard pass: these rule files over these (reduced) templates. */
interface GuardPass {
  readonly rules: string[];
  readonly templates: string[];
}

/**
 * How the rules are run. 'grouped' (the default): one pass per set of rule files that read the
 * same resource types, each over only the templates with a type they report on, reduced to the
 * types they read; identical reduced templates are checked once. 'single': every rule in one pass
 * over every template reduced to what any rule reads (the plain way, kept as the reference the
 * grouped way is tested against).
 */
export type GuardPlan = 'grouped' | 'single';

/**
 * Node script: runs the validator for each pass (one cfn-guard process per pass, one after the
 * other on this process's core) and prints every violation.
 */
const GUARD_SCRIPT = `
const fs = require('node:fs');
const { entry, passes } = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const { CfnGuardValidator } = require(entry);
const violations = passes.flatMap(({ rules, templates }) =>
  new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: 1024 * 1024 * 1024 })
    .validate({ templatePaths: templates }).violations);
process.stdout.write(JSON.stringify(violations));
`;

/** A Guard pass started in the background; `finish` joins it. */
export interface GuardSession {
  /** Waits for Guard; `elapsedMs` is how long it ran, `cpuMs` the CPU time it took (when known). */
  finish(): { violations: GuardViolation[]; elapsedMs: number; cpuMs?: number };
  cancel(): void;
}

interface Prepared {
  readonly work: string;
  readonly passes: GuardPass[];
  /** Guard's copy → every template as given that it stands for (identical copies are checked once). */
  readonly original: Map<string, string[]>;
}

/** The rule files grouped by what they read: rules in a group see the same reduced templates. */
function ruleGroups(plan: GuardPlan, selected: readonly RuleFile[]): RuleFile[][] {
  if (plan === 'single') return [[...selected]];
  const groups = new Map<string, RuleFile[]>();
  for (const r of selected) {
    const key = r.reportsOn === undefined ? '*' : `${[...r.reads].sort().join(',')}|${r.readsMetadata}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

/** Whether a group of rules can report on a template (else every rule of it skips the template). */
function reportsOnAny(group: readonly RuleFile[], types: ReadonlySet<string>): boolean {
  return group.some((r) => r.reportsOn === undefined || r.reportsOn.some((t) => types.has(t)));
}

function prepare(templates: readonly GuardTemplate[], plan: GuardPlan = 'grouped'): Prepared | undefined {
  const typesOf = templates.map(
    (t) => new Set(Object.values<Json>(t.body?.Resources ?? {}).map((r) => r?.Type as string)),
  );
  const rules = controlTowerRulesFor(new Set(typesOf.flatMap((t) => [...t])));
  if (rules.length === 0) return undefined;
  const selected = bundledRuleFiles().filter((r) => rules.includes(r.file));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-guard-'));
  const original = new Map<string, string[]>();
  const passes: GuardPass[] = [];
  ruleGroups(plan, selected).forEach((group, g) => {
    // Within a pass, a reduced template identical to one already written is checked once.
    const byContent = new Map<string, string>();
    templates.forEach((t, i) => {
      if (plan === 'grouped' && !reportsOnAny(group, typesOf[i])) return;
      const reduced = reducedForGuard(t.body, group);
      if (!reduced) return;
      const text = JSON.stringify(reduced);
      const hash = plan === 'single' ? String(i) : createHash('sha256').update(text).digest('hex');
      let copy = byContent.get(hash);
      if (!copy) {
        const name = path.basename(t.file).replace(/\.(ya?ml|template)$/i, '.json');
        copy = path.join(work, `${g}-${i}-${name}`);
        fs.writeFileSync(copy, text);
        byContent.set(hash, copy);
        original.set(copy, []);
      }
      original.get(copy)!.push(t.file);
    });
    const copies = [...byContent.values()];
    if (copies.length > 0) passes.push({ rules: group.map((r) => r.file), templates: copies });
  });
  if (passes.length === 0) {
    fs.rmSync(work, { recursive: true, force: true });
    return undefined;
  }
  return { work, passes, original };
}

function toViolations(report: readonly PolicyViolation[], original: Map<string, string[]>): GuardViolation[] {
  const out: GuardViolation[] = [];
  for (const v of report) {
    for (const r of v.violatingResources) {
      const given = original.get(path.resolve(r.templatePath ?? '')) ?? [r.templatePath ?? ''];
      for (const templatePath of given) {
        out.push({
          rule: v.ruleName,
          description: v.description,
          fix: v.fix ?? '',
          templatePath,
          logicalId: r.resourceLogicalId ?? '',
        });
      }
    }
  }
  // Guard reports a resource once per failed clause, and sometimes once more without its logical ID.
  const located = new Set(out.filter((v) => v.logicalId).map((v) => `${v.rule}|${v.templatePath}`));
  const seen = new Set<string>();
  const kept = out.filter((v) => {
    if (!v.logicalId && located.has(`${v.rule}|${v.templatePath}`)) return false;
    const key = `${v.rule}|${v.templatePath}|${v.logicalId}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  // One order whatever the passes were (reports list acknowledgments in it).
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return kept.sort(
    (a, b) => cmp(a.templatePath, b.templatePath) || cmp(a.rule, b.rule) || cmp(a.logicalId, b.logicalId),
  );
}

/**
 * Starts the Control Tower proactive controls over every template at once, in the background: one
 * process that runs each pass of the plan (GuardPlan) after the other.
 */
export function startControlTower(
  templates: readonly GuardTemplate[],
  plan: GuardPlan = 'grouped',
): GuardSession {
  const prepared = prepare(templates, plan);
  if (!prepared) return { finish: () => ({ violations: [], elapsedMs: 0 }), cancel: () => undefined };
  const args = path.join(prepared.work, 'args.json');
  fs.writeFileSync(args, JSON.stringify({ entry: VALIDATOR_ENTRY, passes: prepared.passes }));
  const run: BackgroundProcess = startBackground(process.execPath, ['-e', GUARD_SCRIPT, args]);
  const cleanup = () => fs.rmSync(prepared.work, { recursive: true, force: true });
  return {
    finish() {
      try {
        const result = run.wait();
        if (result.status !== 0) {
          throw new Error(
            `the Control Tower controls (cfn-guard) failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`,
          );
        }
        return {
          violations: toViolations(JSON.parse(result.stdout), prepared.original),
          elapsedMs: result.elapsedMs,
          cpuMs: result.cpuMs,
        };
      } finally {
        cleanup();
      }
    },
    cancel(): void {
      run.cancel();
      cleanup();
    },
  };
}

/** Runs the Control Tower proactive controls over templates, here and now (the same passes). */
export function runControlTower(templatePaths: readonly string[]): GuardViolation[] {
  const prepared = prepare(
    templatePaths.map((file) => ({ file, body: JSON.parse(fs.readFileSync(file, 'utf8')) })),
  );
  if (!prepared) return [];
  try {
    const violations = prepared.passes.flatMap(
      ({ rules, templates }) =>
        new CfnGuardValidator({
          controlTowerRulesEnabled: false,
          rules,
          maxBuffer: 1024 * 1024 * 1024,
        }).validate({ templatePaths: templates } as unknown as IPolicyValidationContext).violations,
    );
    return toViolations(violations, prepared.original);
  } finally {
    fs.rmSync(prepared.work, { recursive: true, force: true });
  }
}

/** The code acknowledgment that covers a violation on this resource, if any. */
export function guardAcknowledgmentFor(rule: string, resource: Json): GuardAcknowledgment | undefined {
  return GUARD_ACKNOWLEDGMENTS.find((a) => a.rule === rule && a.covers(resource ?? {}));
}

export interface ControlTowerChecksProps {
  /**
   * The parsed project files by project name, so a finding that comes from a project-file value
   * names the field (`retention.logDays: expected at least 365 (...), got 90`).
   * @default - findings are described in CloudFormation terms only
   */
  readonly projects?: ReadonlyMap<string, unknown>;
}

/**
 * The Control Tower proactive controls as a validation plugin, so `cdk synth` fails on them as it
 * does on the cdk-nag packs, with the same acknowledgments as `isotrain check`.
 */
export class ControlTowerChecks implements IPolicyValidationPlugin {
  public readonly name = CONTROL_TOWER;

  constructor(private readonly props: ControlTowerChecksProps = {}) {}

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const bodies = new Map(context.templatePaths.map((t) => [t, JSON.parse(fs.readFileSync(t, 'utf8'))]));
    const violations: PolicyViolation[] = [];
    for (const v of runControlTower(context.templatePaths)) {
      const body = bodies.get(v.templatePath);
      const resource = body?.Resources?.[v.logicalId];
      if (guardAcknowledgmentFor(v.rule, resource)) continue;
      const project = this.props.projects?.get(projectOf(body) ?? '');
      const field = project === undefined ? undefined : projectFieldOf(v.rule, resource, project);
      const fieldValue = field ? resource.Properties[field.property] : undefined;
      violations.push({
        ruleName: v.rule,
        description: field ? `${projectFieldMessage(field, fieldValue)}. ${v.description}` : v.description,
        fix: field ? `Set ${field.field} in the project file to at least ${field.minimum}.` : v.fix,
        // 'fatal' so that synth honours the same acknowledgments as `isotrain check` (the ones above):
        // the CDK framework would let any construct acknowledge a lower severity.
        severity: 'fatal',
        violatingResources: [
          { resourceLogicalId: v.logicalId, templatePath: v.templatePath, locations: ['Properties'] },
        ],
      });
    }
    return { success: violations.length === 0, violations };
  }
}
