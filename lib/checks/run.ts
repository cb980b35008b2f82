/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, CfnResource, Stack, cx_api } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import {
  UNACKNOWLEDGEABLE_IN_TEMPLATE,
  readAcknowledgments as readTemplateAcknowledgments,
} from './acknowledgments';
import { Json } from './cfn';
import { LintSession, startCfnLint } from './cfn-lint';
import {
  CONTROL_TOWER,
  GuardPlan,
  GuardSession,
  guardAcknowledgmentFor,
  startControlTower,
} from './control-tower';
import { IsolationAcknowledgment } from './engine/acknowledgment-file';
import { projectFieldMessage, projectFieldOf } from './engine/project-field-controls';
import { projectOf, resourceLines } from './engine/template-facts';
import { fieldPath, yamlLine } from './engine/yaml-lines';
import {
  AcknowledgmentRecord,
  CheckProgress,
  CheckReport,
  CheckedResource,
  Finding,
  GuardAcknowledgmentRecord,
  RuleEvidence,
  StaleAcknowledgment,
  compareFindings,
} from './findings';
import { idleCost } from './idle-cost';
import {
  ISOLATION_PACK,
  IsolationChecks,
  IsolationVerdict,
  isolationAcknowledgments,
} from './isolation-pack';
import { AppModel } from './model';
import { compliancePacks } from './packs';
import { projectSettingsByName } from './project-settings';
import { ISOLATION_RULES } from './rules';
import { LoadedTemplate, loadTemplates } from './template-loader';

export { projectOf } from './engine/template-facts';

export interface CheckOptions {
  /** All packs (AWS's four and Isolation), or Isolation alone. @default 'all' */
  readonly packs?: 'all' | 'isolation';
  /** Run the Control Tower proactive controls. @default true */
  readonly controlTower?: boolean;
  /** Run cfn-lint when installed. @default true */
  readonly cfnLint?: boolean;
  /** The cfn-lint executable. @default 'cfn-lint' */
  readonly cfnLintCommand?: string;
  /**
   * The reviewed acknowledgments of Isolation rules: a file (docs/acknowledgments.md) or its
   * entries. @default - none for templates; the repository's file for this app (checkProjects)
   */
  readonly acknowledgments?: string | readonly IsolationAcknowledgment[];
  /** Called at each step of a long check (the CLI prints it on stderr). @default - silent */
  readonly onProgress?: (progress: CheckProgress) => void;
  /**
   * How the Control Tower controls are run: 'grouped' passes over reduced templates, or 'single',
   * one pass of every rule (the plain way; same findings, slower: the reference tests compare
   * against). @default 'grouped'
   */
  readonly guardPlan?: GuardPlan;
}

export interface TemplateCheckOptions extends CheckOptions {
  /** The account the templates are judged against. @default - manifest.json beside each template, else inferred */
  readonly account?: string;
  /** The region the templates are judged against. @default - as the account */
  readonly region?: string;
}

/** The project file a template was synthesized from: where its project-file values are written. */
export interface ProjectSource {
  readonly file: string;
  readonly text: string;
  /** The parsed project, to tell which findings come from a value of the file. */
  readonly config: unknown;
}

/** What the caller knows about the templates beyond their text (checkProjects knows their project files). */
export interface TemplateOrigin {
  /** The project file a template was synthesized from, if any. */
  readonly projectOf?: (template: string) => ProjectSource | undefined;
  /** Milliseconds of steps before this one (synth). */
  readonly timings?: Readonly<Record<string, number>>;
  /** A cfn-lint run started before the templates existed. */
  readonly lint?: LintSession;
}

interface StackFile {
  readonly loaded: LoadedTemplate;
  readonly stack: Stack;
  readonly stackName: string;
  readonly project?: string;
  readonly template: string;
  readonly projectSource?: ProjectSource;
  /** Where a reviewer fixes findings: the given template, or the project file. */
  readonly source: string;
  readonly body: Json;
  /** The template line of a resource's definition. */
  readonly lineOf: (logicalId: string) => number | undefined;
}

/** Where a finding on a resource is fixed: the template line, or the project file. */
function locate(sf: StackFile | undefined, logicalId: string): { file?: string; line?: number } {
  if (!sf) return {};
  return sf.projectSource ? { file: sf.source } : { file: sf.source, line: sf.lineOf(logicalId) };
}

class Run {
  public readonly timings: Record<string, number>;
  public readonly notes: string[] = [];
  private readonly progress: (p: CheckProgress) => void;

  constructor(
    public readonly options: TemplateCheckOptions,
    earlier: Readonly<Record<string, number>> = {},
  ) {
    this.timings = { ...earlier };
    this.progress = options.onProgress ?? (() => undefined);
  }

  public step<T>(step: string, message: string, f: () => T): T {
    this.progress({ step, message });
    const start = performance.now();
    try {
      return f();
    } finally {
      this.timings[step] = (this.timings[step] ?? 0) + Math.round(performance.now() - start);
    }
  }
}

function packsFor(options: CheckOptions, acknowledgments: readonly IsolationAcknowledgment[]): NagPack[] {
  return options.packs === 'isolation'
    ? [new IsolationChecks(undefined, { verbose: true, acknowledgments })]
    : compliancePacks(undefined, { acknowledgments });
}

function cfnResources(root: IConstruct): CfnResource[] {
  return root.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c));
}

function runNag(
  run: Run,
  root: IConstruct,
  stacks: readonly StackFile[],
  acknowledgments: readonly IsolationAcknowledgment[],
): { findings: Finding[]; verdicts: IsolationVerdict[] } {
  const byPath = new Map(cfnResources(root).map((c) => [c.node.path, c]));
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  const findings: Finding[] = [];
  let verdicts: IsolationVerdict[] = [];
  for (const pack of packsFor(run.options, acknowledgments)) {
    const report = run.step(
      pack.readPackName,
      `checking ${byPath.size} resource(s) with ${pack.readPackName}`,
      () => pack.validateScope(root),
    );
    if (pack instanceof IsolationChecks) verdicts = pack.verdicts;
    for (const v of report.violations) {
      const rule = ISOLATION_RULES.find(
        (r) => `${ISOLATION_PACK}-${r.id}` === v.ruleName.replace(/\[.*$/, ''),
      );
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
          severity: v.severity === 'error' || v.severity === 'fatal' ? 'error' : 'warning',
          info: rule ? rule.info : v.description,
          explanation: rule ? rule.explanation : '',
          project: sf?.project,
          stackName: sf?.stackName ?? stack?.stackName ?? '',
          logicalId,
          resourceType: node?.cfnResourceType ?? '',
          constructPath,
          ...locate(sf, logicalId),
        });
      }
    }
  }
  return { findings, verdicts };
}

function joinGuard(
  run: Run,
  session: GuardSession,
  stacks: readonly StackFile[],
): { findings: Finding[]; acknowledged: GuardAcknowledgmentRecord[]; records: AcknowledgmentRecord[] } {
  const { violations, elapsedMs, cpuMs } = run.step(
    'wait:ControlTower',
    'waiting for the Control Tower controls (cfn-guard)',
    () => session.finish(),
  );
  run.timings[CONTROL_TOWER] = elapsedMs;
  if (cpuMs !== undefined) run.timings[`cpu:${CONTROL_TOWER}`] = cpuMs;
  const byTemplate = new Map(stacks.map((s) => [path.resolve(s.template), s]));
  const findings: Finding[] = [];
  const acknowledged: GuardAcknowledgmentRecord[] = [];
  const records: AcknowledgmentRecord[] = [];
  for (const v of violations) {
    const sf = byTemplate.get(path.resolve(v.templatePath));
    const resource = sf?.body?.Resources?.[v.logicalId];
    const where = { project: sf?.project, stackName: sf?.stackName ?? '', logicalId: v.logicalId };
    const ack = guardAcknowledgmentFor(v.rule, resource);
    if (ack) {
      acknowledged.push({ rule: v.rule, reason: ack.reason, ...where });
      records.push({
        source: 'isotrain-code',
        pack: CONTROL_TOWER,
        rule: `${CONTROL_TOWER}-${v.rule}`,
        reason: ack.reason,
        ...where,
        resourceType: resource?.Type ?? '',
        ...locate(sf, v.logicalId),
      });
      continue;
    }
    // A finding that comes from a value of the project file points at that value.
    const field = sf?.projectSource
      ? projectFieldOf(v.rule, resource as object, sf.projectSource.config)
      : undefined;
    findings.push({
      tool: 'control-tower',
      pack: CONTROL_TOWER,
      rule: `${CONTROL_TOWER}-${v.rule}`,
      severity: 'error',
      info: field
        ? `${projectFieldMessage(field, resource.Properties[field.property])}. ${v.description}`
        : v.description,
      explanation: field ? `Set ${field.field} in the project file to at least ${field.minimum}.` : v.fix,
      ...where,
      resourceType: resource?.Type ?? '',
      ...locate(sf, v.logicalId),
      ...(field && sf?.projectSource
        ? { line: yamlLine(sf.projectSource.text, fieldPath(field.field)) }
        : {}),
    });
  }
  return { findings, acknowledged, records };
}

function joinLint(
  run: Run,
  session: LintSession,
  stacks: readonly StackFile[],
): { findings: Finding[]; tool?: CheckReport['tools'][number] } {
  const result = run.step('wait:cfn-lint', 'waiting for cfn-lint', () => session.result());
  if (result.elapsedMs !== undefined) run.timings['cfn-lint'] = result.elapsedMs;
  if (result.cpuMs !== undefined) run.timings['cpu:cfn-lint'] = result.cpuMs;
  if (!result.available) {
    run.notes.push(
      'cfn-lint is not installed (not found on PATH): templates were not linted. Install it with `pip install cfn-lint`.',
    );
    return { findings: [] };
  }
  const version = result.version ?? '(version not reported)';
  if (result.error) run.notes.push(`cfn-lint ${version} failed: ${result.error}`);
  else run.notes.push(`cfn-lint ${version} linted ${stacks.length} template(s).`);
  const byTemplate = new Map(stacks.map((s) => [path.resolve(s.template), s]));
  const tool = result.error
    ? undefined
    : { name: 'cfn-lint', version: result.version, templates: stacks.length };
  const findings = result.matches.map((m) => {
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
      line: sf && !sf.projectSource ? m.line : undefined,
    };
  });
  return { findings, tool };
}

function checkedResources(root: IConstruct, stacks: readonly StackFile[]): CheckedResource[] {
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  return cfnResources(root).map((c) => {
    const stack = Stack.of(c);
    const sf = fileOf.get(stack);
    return {
      project: sf?.project,
      stackName: sf?.stackName ?? stack.stackName,
      logicalId: stack.resolve(c.logicalId) as string,
      type: c.cfnResourceType,
      // Only what was honoured: Isolation acknowledgments in metadata are reported as ignored instead.
      acknowledgments: readTemplateAcknowledgments(c).filter(
        (a) => !UNACKNOWLEDGEABLE_IN_TEMPLATE.test(a.id),
      ),
    };
  });
}

/** What each Isolation rule concluded on each resource (from the pack's own verdicts). */
function isolationEvidence(
  verdicts: readonly IsolationVerdict[],
  stacks: readonly StackFile[],
): RuleEvidence[] {
  const fileOf = new Map(stacks.map((s) => [s.stack, s]));
  return verdicts.map((v) => ({
    rule: v.rule,
    control: v.control,
    project: fileOf.get(Stack.of(v.node))?.project,
    stackName: v.stackName,
    logicalId: v.logicalId,
    type: v.node.cfnResourceType,
    result: v.result,
  }));
}

function acknowledgmentRecords(
  resources: readonly CheckedResource[],
  verdicts: readonly IsolationVerdict[],
  stacks: readonly StackFile[],
): AcknowledgmentRecord[] {
  const byName = new Map(stacks.map((s) => [s.stackName, s]));
  const fromMetadata = resources.flatMap((r) =>
    r.acknowledgments.map((a): AcknowledgmentRecord => ({
      source: 'template-metadata',
      pack: a.id.replace(/-.*$/, ''),
      rule: a.id,
      reason: a.reason,
      project: r.project,
      stackName: r.stackName,
      logicalId: r.logicalId,
      resourceType: r.type,
      ...locate(byName.get(r.stackName), r.logicalId),
    })),
  );
  const fromFile = verdicts.flatMap((v) =>
    v.findings.flatMap((f): AcknowledgmentRecord[] =>
      f.acknowledgment
        ? [
            {
              source: 'reviewed-file',
              pack: ISOLATION_PACK,
              rule: f.id,
              reason: f.acknowledgment.reason,
              approvedBy: f.acknowledgment.approvedBy,
              project: byName.get(v.stackName)?.project,
              stackName: v.stackName,
              logicalId: v.logicalId,
              resourceType: v.node.cfnResourceType,
              ...locate(byName.get(v.stackName), v.logicalId),
              acknowledgedIn: { file: f.acknowledgment.file, line: f.acknowledgment.line },
            },
          ]
        : [],
    ),
  );
  return [...fromFile, ...fromMetadata];
}

function staleAcknowledgments(
  acknowledgments: readonly IsolationAcknowledgment[],
  verdicts: readonly IsolationVerdict[],
): StaleAcknowledgment[] {
  const used = new Set(verdicts.flatMap((v) => v.findings.map((f) => f.acknowledgment)));
  return acknowledgments
    .filter((a) => !used.has(a))
    .map(({ rule, stack, resource, reason, file, line }) => ({ rule, stack, resource, reason, file, line }));
}

function costs(stacks: readonly StackFile[]): CheckReport['idleCost'] {
  const projects = [...new Set(stacks.map((s) => s.project ?? ''))].sort();
  return Object.fromEntries(
    projects.map((p) => [
      p,
      idleCost(stacks.filter((s) => (s.project ?? '') === p).map((s): Json => s.body)),
    ]),
  );
}

/** Checks CloudFormation templates, brought in together as one app. */
export function checkTemplates(files: readonly string[], options: TemplateCheckOptions = {}): CheckReport {
  return checkTemplateFiles('templates', files, options);
}

/**
 * Checks templates as one app. The external validators (cfn-guard, cfn-lint) start once for all
 * templates and run on the other core while the cdk-nag packs run on this one.
 */
export function checkTemplateFiles(
  mode: CheckReport['mode'],
  files: readonly string[],
  options: TemplateCheckOptions,
  origin: TemplateOrigin = {},
): CheckReport {
  const run = new Run(options, origin.timings);
  let lint: LintSession | undefined = origin.lint;
  let guard: GuardSession | undefined;
  try {
    const acknowledgments = isolationAcknowledgments(options.acknowledgments);
    if (!lint && options.cfnLint !== false) lint = startCfnLint(options.cfnLintCommand);
    // The app only holds what the templates say; where each of its constructs was created in this
    // code is no evidence, and recording it costs a tenth of a check's time.
    const app = new App({ stackTraces: false, context: { [cx_api.DISABLE_CREATION_STACK_TRACES]: true } });
    const loaded = run.step('include', `reading ${files.length} template(s)`, () =>
      loadTemplates(app, files, options),
    );
    const stacks: StackFile[] = loaded.templates.map((t) => {
      const projectSource = origin.projectOf?.(t.file);
      let lines: ((logicalId: string) => number | undefined) | undefined;
      return {
        loaded: t,
        stack: t.stack,
        stackName: t.stackName,
        project: projectOf(t.body),
        template: t.file,
        projectSource,
        source: projectSource?.file ?? t.file,
        body: t.body,
        lineOf: (id) => (lines ??= resourceLines(t.text))(id),
      };
    });
    // The rules compare retention and lock settings with the project files when they are known.
    const settings = projectSettingsByName(
      stacks.map((s) => ({ project: s.project, config: s.projectSource?.config })),
    );
    if (settings.size > 0) AppModel.useProjectSettings(app, settings);
    run.notes.push(...loaded.notes);
    // Started before the packs, so they run on the other core meanwhile.
    if (options.controlTower !== false)
      guard = startControlTower(
        stacks.map((s) => ({ file: s.template, body: s.body })),
        options.guardPlan,
      );
    lint?.submit(stacks.map((s) => s.template));

    const nag = runNag(run, app, stacks, acknowledgments);
    const guardResult = guard
      ? joinGuard(run, guard, stacks)
      : { findings: [], acknowledged: [], records: [] };
    guard = undefined;
    const linted = lint ? joinLint(run, lint, stacks) : { findings: [] };
    const lintFindings = linted.findings;
    lint = undefined;

    return run.step('report', 'writing the report', () => {
      const resources = checkedResources(app, stacks);
      const stale = staleAcknowledgments(acknowledgments, nag.verdicts);
      const packs = packsFor(options, []).map((p) => p.readPackName);
      if (options.controlTower !== false) packs.push(CONTROL_TOWER);
      else run.notes.push('Control Tower proactive controls were not run.');
      if (loaded.ignored.length > 0) {
        run.notes.push(
          `${loaded.ignored.length} acknowledgment(s) of Isolation rules in template metadata were not honoured: ` +
            'a template cannot acknowledge the rules that judge it. Acknowledge in the reviewed file instead (docs/acknowledgments.md).',
        );
      }
      if (stale.length > 0) {
        run.notes.push(
          `${stale.length} reviewed acknowledgment(s) matched no finding (stale): remove them or correct the resource they name.`,
        );
      }
      const failing = [
        ...nag.findings,
        ...guardResult.findings,
        ...lintFindings.filter((f) => f.severity === 'error'),
      ];
      return {
        mode,
        packs,
        findings: failing.sort(compareFindings),
        warnings: lintFindings.filter((f) => f.severity !== 'error').sort(compareFindings),
        resources,
        guardAcknowledgments: guardResult.acknowledged,
        acknowledgments: [...acknowledgmentRecords(resources, nag.verdicts, stacks), ...guardResult.records],
        staleAcknowledgments: stale,
        ignoredAcknowledgments: loaded.ignored.map((i) => {
          const sf = stacks.find((x) => x.stackName === i.stackName);
          return { ...i, project: sf?.project, ...locate(sf, i.logicalId) };
        }),
        stacks: stacks.map((s) => ({
          stackName: s.stackName,
          project: s.project,
          file: s.source,
          account: s.loaded.account,
          region: s.loaded.region,
        })),
        tools: linted.tool ? [linted.tool] : [],
        notes: run.notes,
        evidence: isolationEvidence(nag.verdicts, stacks),
        idleCost: costs(stacks),
        timings: run.timings,
      };
    });
  } finally {
    guard?.cancel();
    lint?.cancel();
  }
}

/** The project files of an app, read once, for `TemplateOrigin.projectOf`. */
export function projectSources(
  projects: readonly { readonly file: string; readonly config: unknown }[],
): Map<string, ProjectSource> {
  return new Map(
    projects.map((p) => [p.file, { file: p.file, text: fs.readFileSync(p.file, 'utf8'), config: p.config }]),
  );
}
