/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import * as YAML from 'yaml';
import { IgnoredAcknowledgment, honourTemplateAcknowledgments } from './acknowledgments';
import { Json, transformName } from './cfn';
import { decideEnvironments, environmentClues } from './engine/environment';
import { projectOf } from './engine/template-facts';
import { STACK_OUTPUT_MARKER, markGuessedStackName } from './model';

/** A template file that cannot be read, parsed or included; the message names the file. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** One template brought into the checking app. */
export interface LoadedTemplate {
  readonly file: string;
  readonly stackName: string;
  readonly stack: Stack;
  /** The template as parsed (before rewriting cross-stack references). */
  readonly body: Json;
  /** The file's text, to find line numbers for reports. */
  readonly text: string;
  /** The account and region it is judged against (undefined: unknown, judged conservatively). */
  readonly account?: string;
  readonly region?: string;
}

const SHORT_FORMS = [
  'Ref',
  'Condition',
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'GetAtt',
  'ToJsonString',
  'Length',
];

/** CloudFormation's YAML short forms (`!Ref`, `!GetAtt A.B`, `!Sub`, ...) as their long forms. */
const cfnTags: YAML.Tags = SHORT_FORMS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) =>
    name === 'GetAtt' && typeof value === 'string'
      ? { [key]: [value.slice(0, value.indexOf('.')), value.slice(value.indexOf('.') + 1)] }
      : { [key]: value };
  return [
    { tag: `!${name}`, resolve: (s: string) => wrap(s) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: YAML.YAMLSeq) => wrap(seq.toJSON()) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (map: YAML.YAMLMap) => wrap(map.toJSON()) },
  ] as unknown as YAML.Tags;
});

/** Parses JSON or YAML; a file that is neither, or is not a template, is an input error. */
export function parseTemplate(file: string, text: string): Json {
  let body: Json;
  try {
    body = text.trimStart().startsWith('{')
      ? JSON.parse(text)
      : YAML.parse(text, { customTags: cfnTags, uniqueKeys: false });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new TemplateError(`${file}: not valid JSON or YAML (${why})`);
  }
  const resources = body?.Resources;
  if (
    !resources ||
    typeof resources !== 'object' ||
    Array.isArray(resources) ||
    Object.keys(resources).length === 0
  ) {
    throw new TemplateError(
      `${file}: not a CloudFormation template (expected a top-level "Resources" map with at least one resource)`,
    );
  }
  const untyped = Object.entries<Json>(resources).filter(([, r]) => typeof r?.Type !== 'string');
  if (untyped.length > 0) {
    throw new TemplateError(
      `${file}: resource ${untyped[0][0]} has no "Type"; not a valid CloudFormation template`,
    );
  }
  return body;
}

/** `Fn::GetStackOutput` (CDK's weak cross-stack references) as an import CfnInclude can read. */
function rewriteStackOutputs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteStackOutputs);
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'Fn::GetStackOutput') {
    const o = value['Fn::GetStackOutput'];
    return { 'Fn::ImportValue': `${STACK_OUTPUT_MARKER}|${o?.StackName}|${o?.OutputName}` };
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStackOutputs(v)]));
}

interface ManifestEntry {
  stackName?: string;
  account?: string;
  region?: string;
}

/** Stack name and environment from a cloud assembly manifest next to the template, if any. */
function fromManifest(file: string): ManifestEntry {
  const manifest = path.join(path.dirname(file), 'manifest.json');
  if (!fs.existsSync(manifest)) return {};
  try {
    const artifacts: Json = JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts ?? {};
    const entry = Object.values<Json>(artifacts).find(
      (a) => a?.type === 'aws:cloudformation:stack' && a.properties?.templateFile === path.basename(file),
    );
    if (!entry) return {};
    const env = /^aws:\/\/([0-9]{12})\/([a-z0-9-]+)$/.exec(entry.environment ?? '');
    return { stackName: entry.properties.stackName, account: env?.[1], region: env?.[2] };
  } catch {
    return {};
  }
}

/** Every `Fn::GetStackOutput` with literal names in a value: the stacks and outputs it reads. */
function stackOutputReads(
  value: Json,
  out: { stack: string; output: string }[] = [],
): { stack: string; output: string }[] {
  if (Array.isArray(value)) value.forEach((v) => stackOutputReads(v, out));
  else if (value && typeof value === 'object') {
    const o = value['Fn::GetStackOutput'];
    if (o && typeof o.StackName === 'string' && typeof o.OutputName === 'string') {
      out.push({ stack: o.StackName, output: o.OutputName });
    }
    for (const v of Object.values(value)) stackOutputReads(v, out);
  }
  return out;
}

/**
 * Stack names of templates that came without a manifest, from the templates that read them: when
 * one template reads outputs of stack S that no template is known as, and exactly one template of
 * unknown name has every output read from S, it is S. Otherwise the name stays unknown and the
 * references to S resolve to nothing (judged conservatively).
 */
export function inferStackNames(
  templates: readonly { readonly file: string; readonly body: Json; readonly stackName?: string }[],
): { names: (string | undefined)[]; notes: string[] } {
  const names = templates.map((t) => t.stackName);
  const notes: string[] = [];
  const reads = new Map<string, Set<string>>();
  for (const t of templates) {
    for (const r of stackOutputReads(t.body?.Resources ?? {})) {
      reads.set(r.stack, (reads.get(r.stack) ?? new Set()).add(r.output));
    }
  }
  for (const [stack, outputs] of [...reads].sort(([a], [b]) => a.localeCompare(b))) {
    if (names.includes(stack)) continue;
    const candidates = templates
      .map((_t, i) => i)
      .filter((i) => names[i] === undefined)
      .filter((i) => [...outputs].every((o) => templates[i].body?.Outputs?.[o] !== undefined));
    if (candidates.length !== 1) continue;
    names[candidates[0]] = stack;
    notes.push(
      `${templates[candidates[0]].file} is taken to be stack ${stack} (no manifest.json): the only template with the outputs other templates read from ${stack}.`,
    );
  }
  return { names, notes };
}

/** The names in a template's `Transform`: a name, `{Name, Parameters}` (AWS::Include), or a list of them. */
function transformNames(transform: Json): string[] {
  if (transform === undefined || transform === null) return [];
  return (Array.isArray(transform) ? transform : [transform]).map(transformName);
}

function stackNameOf(file: string): string {
  return path
    .basename(file)
    .replace(/(\.template)?\.(json|ya?ml|template)$/i, '')
    .replace(/[^A-Za-z0-9-]/g, '-');
}

export interface LoadOptions {
  /** The account templates are judged against. @default - from a manifest.json beside each template, else inferred (see decideEnvironments) */
  readonly account?: string;
  /** The region templates are judged against. @default - as the account */
  readonly region?: string;
}

export interface LoadResult {
  readonly templates: LoadedTemplate[];
  /** Acknowledgments found in template metadata that were not honoured (Isolation rules). */
  readonly ignored: IgnoredAcknowledgment[];
  /** What each template was judged against, and where that came from. */
  readonly notes: string[];
}

/**
 * Brings templates into one app, each in its own stack (named as deployed when a manifest.json is
 * beside it) in the environment it is judged against, so references between them resolve; then
 * turns the acknowledgments written in their metadata into cdk-nag acknowledgments, except those of
 * Isolation rules, which a template cannot grant itself.
 */
export function loadTemplates(app: App, files: readonly string[], options: LoadOptions = {}): LoadResult {
  const read = files.map((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TemplateError(`${file}: cannot read the template (${code ?? String(e)})`);
    }
    const body = parseTemplate(file, text);
    return { file, text, body, manifest: fromManifest(file) };
  });
  const inferredNames = inferStackNames(read.map((r) => ({ ...r, stackName: r.manifest.stackName })));
  const { environments, notes } = decideEnvironments(
    read.map((r) => environmentClues(r.file, r.body, projectOf(r.body), r.manifest)),
    options,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-templates-'));
  const used = new Set<string>();
  try {
    const templates = read.map(({ file, text, body }, i) => {
      const stackName = inferredNames.names[i] ?? stackNameOf(file);
      let id = stackName.replace(/[^A-Za-z0-9]/g, '') || `Template${i}`;
      while (used.has(id)) id = `${id}${i}`;
      used.add(id);
      const { account, region } = environments[i];
      const stack = new Stack(app, id, {
        stackName,
        env: account || region ? { account, region } : undefined,
      });
      if (inferredNames.names[i] === undefined) markGuessedStackName(stack);
      // A template's own transforms become its stack's, where the rules read them (Isolation-CFN1).
      for (const name of transformNames(body.Transform)) stack.addTransform(name);
      const rewritten = path.join(work, `${i}.template.json`);
      fs.writeFileSync(rewritten, JSON.stringify(rewriteStackOutputs(body)));
      try {
        new CfnInclude(stack, 'Template', { templateFile: rewritten });
      } catch (e) {
        const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
        throw new TemplateError(`${file}: not a valid CloudFormation template (${why})`);
      }
      return { file, stackName, stack, body, text, ...environments[i] };
    });
    const ignored = honourTemplateAcknowledgments(app);
    return { templates, ignored, notes: [...inferredNames.notes, ...notes] };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
