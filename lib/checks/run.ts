/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { NagPack, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { compliancePacks } from './packs';
import { PROJECT_TAGS } from '../contract';
import { readAcknowledgments } from './acknowledgments';
import { Json } from './cfn';
import { runCfnLint } from './cfn-lint';
import { GUARD_ACKNOWLEDGMENTS, runControlTower } from './control-tower';
import {
  CheckReport,
  CheckedResource,
  Finding,
  GuardAcknowledgmentRecord,
  RuleEvidence,
  compareFindings,
} from './findings';
import { idleCost } from './idle-cost';
import { AppModel } from './model';
import { ProjectSettings } from './project-settings';
import { ISOLATION_PACK, IsolationChecks } from './isolation-pack';
import { ISOLATION_RULES } from './rules';
import { loadTemplates } from './template-loader';

export interface CheckOptions {
  /** All packs (AWS's four and Isolation), or Isolation alone. @default 'all' */
  readonly packs?: 'all' | 'isolation';
  /** Run the Control Tower proactive controls. @default true */
  readonly controlTower?: boolean;
  /** Run cfn-lint when installed. @default true */
  readonly cfnLint?: boolean;
  /** The cfn-lint executable. @default 'cfn-lint' */
  readonly cfnLintCommand?: string;
}

interface StackFile {
  readonly stack: Stack;
  readonly stackName: string;
  readonly project?: string;
  /** The synthesized (or given) template. */
  readonly template: string;
  /** Where a reviewer fixes findings: the given template, or the project file. */
  readonly source: string;
  readonly text?: string;
  readonly body: Json;
}

/** Step timings of the current run (synth, include, packs, validators). */
let timings: Record<string, number> = {};
function timed<T>(step: string, f: () => T): T {
  const start = performance.now();
  try {
    return f();
  } finally {
    timings[step] = (timings[step] ?? 0) + Math.round(performance.now() - start);
  }
}

function packsFor(options: CheckOptions): NagPack[] {
  return options.packs === 'isolation'
    ? [new IsolationChecks(undefined, { verbose: true })]
    : compliancePacks();
}

/** Line of a resource's definition in a JSON or YAML template. */
function lineOf(text: string | undefined, logicalId: string): number | undefined {
  if (!text) return undefined;
  const re = new RegExp(`^\\s*"?${logicalId}"?\\s*:`, 'm');
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

const isolationRule = (rule: string) =>
  ISOLATION_RULES.find((r) => `${ISOLATION_PACK}-${r.id}` === rule.replace(/\[.*$/, ''));

/**
 * The project a template belongs to: the project tag its resources carry, as a list of Key/Value
 * pairs (most types) or as a map (AWS::SSM::Parameter and a few others).
 */
export function projectOf(body: Json): string | undefined {
  for (const r of Object.values<Json>(body?.Resources ?? {})) {
    const tags: Json = r?.Properties?.Tags;
    const value = Array.isArray(tags)
      ? tags.find((t: Json) => t?.Key === PROJECT_TAGS.project)?.Value
      : tags?.[PROJECT_TAGS.project];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function runNag(root: IConstruct, options: CheckOptions, stacks: StackFile[]): Finding[] {
  const byPath = new Map<string, CfnResource>();
  for (const c of root.node.findAll()) if (CfnResource.isCfnResource(c)) byPath.set(c.node.path, c);
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  const findings: Finding[] = [];
  for (const pack of packsFor(options)) {
    for (const v of timed(pack.readPackName, () => pack.validateScope(root)).violations) {
      const rule = isolationRule(v.ruleName);
      for (const where of v.violatingResources) {
        const constructPath = where.constructPath ?? '';
        const node = byPath.get(constructPath);
        const stack = node ? Stack.of(node) : undefined;
        const sf = stack ? fileOf.get(stack) : undefined;
        const logicalId = node && stack ? (stack.resolve(node.logicalId) as string) : constructPath;
        findings.push({
          tool: 'cdk-nag',
          pack: pack.readPackName,
          rule: v.ruleName,
          severity: v.severity === 'error' ? 'error' : 'warning',
          info: rule ? rule.info : v.description,
          explanation: rule ? rule.explanation : '',
          project: sf?.project,
          stackName: sf?.stackName ?? stack?.stackName ?? '',
          logicalId,
          resourceType: node?.cfnResourceType ?? '',
          constructPath,
          file: sf?.source,
          line: sf && sf.source === sf.template ? lineOf(sf.text, logicalId) : undefined,
        });
      }
    }
  }
  return findings;
}

function runGuard(stacks: StackFile[]): { findings: Finding[]; acknowledged: GuardAcknowledgmentRecord[] } {
  const findings: Finding[] = [];
  const acknowledged: GuardAcknowledgmentRecord[] = [];
  const byTemplate = new Map(stacks.map((s) => [path.resolve(s.template), s]));
  const types = new Set(
    stacks.flatMap((s) => Object.values<Json>(s.body?.Resources ?? {}).map((r) => String(r?.Type))),
  );
  const violations = timed('ControlTower', () =>
    runControlTower(
      stacks.map((s) => s.template),
      types,
    ),
  );
  const located = new Set(violations.filter((v) => v.logicalId).map((v) => `${v.rule}|${v.templatePath}`));
  // Guard sometimes repeats a resource's violation without its logical ID: keep the located one.
  for (const v of violations.filter((x) => x.logicalId || !located.has(`${x.rule}|${x.templatePath}`))) {
    const sf = byTemplate.get(path.resolve(v.templatePath));
    const resource = sf?.body?.Resources?.[v.logicalId] ?? {};
    const ack = GUARD_ACKNOWLEDGMENTS.find((a) => a.rule === v.rule && a.covers(resource));
    const where = { project: sf?.project, stackName: sf?.stackName ?? '', logicalId: v.logicalId };
    if (ack) {
      acknowledged.push({ rule: v.rule, reason: ack.reason, ...where });
      continue;
    }
    findings.push({
      tool: 'control-tower',
      pack: 'ControlTower',
      rule: `ControlTower-${v.rule}`,
      severity: 'error',
      info: v.description,
      explanation: v.fix,
      ...where,
      resourceType: resource.Type ?? '',
      file: sf?.source,
      line: sf && sf.source === sf.template ? lineOf(sf.text, v.logicalId) : undefined,
    });
  }
  return { findings, acknowledged };
}

function runLint(stacks: StackFile[], options: CheckOptions, notes: string[]): Finding[] {
  if (options.cfnLint === false) return [];
  const result = timed('cfn-lint', () =>
    runCfnLint(
      stacks.map((s) => s.template),
      options.cfnLintCommand,
    ),
  );
  if (!result.available) {
    notes.push(
      'cfn-lint is not installed (not found on PATH): templates were not linted. Install it with `pip install cfn-lint`.',
    );
    return [];
  }
  if (result.error) notes.push(`cfn-lint (${result.version}) failed: ${result.error}`);
  else notes.push(`cfn-lint ${result.version} linted ${stacks.length} template(s).`);
  const byTemplate = new Map(stacks.map((s) => [path.resolve(s.template), s]));
  return result.matches.map((m) => {
    const sf = byTemplate.get(path.resolve(m.file));
    return {
      tool: 'cfn-lint' as const,
      pack: 'cfn-lint',
      rule: `cfn-lint-${m.rule}`,
      severity: m.level === 'error' ? ('error' as const) : ('warning' as const),
      info: m.message,
      explanation: `See https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md (${m.rule}).`,
      project: sf?.project,
      stackName: sf?.stackName ?? '',
      logicalId: m.logicalId ?? '',
      resourceType: (m.logicalId && sf?.body?.Resources?.[m.logicalId]?.Type) ?? '',
      file: sf?.source ?? m.file,
      line: sf && sf.source === sf.template ? m.line : undefined,
    };
  });
}

function checkedResources(root: IConstruct, stacks: StackFile[]): CheckedResource[] {
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  return root.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c))
    .map((c) => {
      const stack = Stack.of(c);
      const sf = fileOf.get(stack);
      return {
        project: sf?.project,
        stackName: sf?.stackName ?? stack.stackName,
        logicalId: stack.resolve(c.logicalId) as string,
        type: c.cfnResourceType,
        acknowledgments: readAcknowledgments(c),
      };
    });
}

/** Each Isolation rule's verdict on each resource of the types it looks at. */
function isolationEvidence(root: IConstruct, stacks: StackFile[]): RuleEvidence[] {
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  const out: RuleEvidence[] = [];
  AppModel.reset(root);
  try {
    for (const node of root.node.findAll()) {
      if (!CfnResource.isCfnResource(node)) continue;
      const stack = Stack.of(node);
      const sf = fileOf.get(stack);
      const logicalId = stack.resolve(node.logicalId) as string;
      const acks = readAcknowledgments(node).map((a) => a.id);
      for (const rule of ISOLATION_RULES) {
        if (!rule.types.includes(node.cfnResourceType)) continue;
        const id = `${ISOLATION_PACK}-${rule.id}`;
        let verdict;
        try {
          verdict = rule.check(node);
        } catch {
          verdict = NagRuleCompliance.NON_COMPLIANT;
        }
        const failed =
          verdict === NagRuleCompliance.NON_COMPLIANT || (Array.isArray(verdict) && verdict.length > 0);
        out.push({
          rule: id,
          control: rule.control,
          project: sf?.project,
          stackName: sf?.stackName ?? stack.stackName,
          logicalId,
          type: node.cfnResourceType,
          result: failed
            ? acks.some((a) => a === id || a.startsWith(`${id}[`))
              ? 'acknowledged'
              : 'finding'
            : verdict === NagRuleCompliance.NOT_APPLICABLE
              ? 'not applicable'
              : 'pass',
        });
      }
    }
  } finally {
    AppModel.reset(root);
  }
  return out;
}

function costs(stacks: StackFile[]): Record<string, ReturnType<typeof idleCost>> {
  const projects = [...new Set(stacks.map((s) => s.project ?? ''))].sort();
  return Object.fromEntries(
    projects.map((p) => [p, idleCost(stacks.filter((s) => (s.project ?? '') === p).map((s) => s.body))]),
  );
}

function report(
  mode: CheckReport['mode'],
  root: IConstruct,
  stacks: StackFile[],
  options: CheckOptions,
): CheckReport {
  const notes: string[] = [];
  const nag = runNag(root, options, stacks);
  const guard = options.controlTower === false ? { findings: [], acknowledged: [] } : runGuard(stacks);
  const lint = runLint(stacks, options, notes);
  const failing = [...nag, ...guard.findings, ...lint.filter((f) => f.severity === 'error')];
  const packs = packsFor(options).map((p) => p.readPackName);
  if (options.controlTower !== false) packs.push('ControlTower');
  if (options.controlTower === false) notes.push('Control Tower proactive controls were not run.');
  return {
    mode,
    packs,
    findings: failing.sort(compareFindings),
    warnings: lint.filter((f) => f.severity !== 'error').sort(compareFindings),
    resources: checkedResources(root, stacks),
    guardAcknowledgments: guard.acknowledged,
    stacks: stacks.map((s) => ({ stackName: s.stackName, project: s.project, file: s.source })),
    notes,
    evidence: timed('evidence', () => isolationEvidence(root, stacks)),
    idleCost: costs(stacks),
    timings: { ...timings },
  };
}

export interface TemplateCheckOptions extends CheckOptions {
  readonly account?: string;
  readonly region?: string;
  /** The project files' settings by project name, when the caller knows them (app mode). */
  readonly projectSettings?: ReadonlyMap<string, ProjectSettings>;
}

/** Checks CloudFormation templates, brought in together as one app. */
export function checkTemplates(files: readonly string[], options: TemplateCheckOptions = {}): CheckReport {
  return checkTemplateFiles('templates', files, options, (t) => t);
}

/**
 * Checks templates as one app; `sourceOf` says where a reviewer fixes a template's findings (the
 * template itself, or the project file it was synthesized from).
 */
export function checkTemplateFiles(
  mode: CheckReport['mode'],
  files: readonly string[],
  options: TemplateCheckOptions,
  sourceOf: (template: string) => string,
  earlierTimings: Record<string, number> = {},
): CheckReport {
  timings = { ...earlierTimings };
  const app = new App();
  const loaded = timed('include', () => loadTemplates(app, files, options));
  if (options.projectSettings) AppModel.useProjectSettings(app, options.projectSettings);
  const stacks: StackFile[] = loaded.map((t) => ({
    stack: t.stack,
    stackName: t.stackName,
    project: projectOf(t.body),
    template: t.file,
    source: sourceOf(t.file),
    text: t.text,
    body: t.body,
  }));
  return report(mode, app, stacks, options);
}
