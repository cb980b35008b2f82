/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import { CfnMapping, CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PROJECT_TAGS, PURPOSES, PURPOSE_TAG } from '../contract';
import { Json, asArray, flatten, subParts, subVariables } from './cfn';
import { dynamicReferencesUnknown } from './engine/dynamic-references';
import type { ProjectSettings } from './project-settings';

/** One resource as CloudFormation will see it: type, logical ID and resolved properties. */
/**
 * Stacks whose name was made from their template's file name (no manifest, nothing to infer it from):
 * not the name CloudFormation deploys them under, so no rule may derive a deployed name from it.
 */
const guessedStackNames = new WeakSet<Stack>();

/** Marks a stack whose name is its file's, not its deployed one (the template loader does). */
export function markGuessedStackName(stack: Stack): void {
  guessedStackNames.add(stack);
}

/** Whether a stack's name is the one CloudFormation deploys it under (from a manifest, or inferred). */
export function isStackNameKnown(stack: Stack): boolean {
  return !guessedStackNames.has(stack);
}

export interface ModelResource {
  readonly node: CfnResource;
  readonly stack: Stack;
  readonly logicalId: string;
  readonly type: string;
  readonly props: Json;
}

interface ModelOutput {
  readonly stack: Stack;
  readonly logicalId: string;
  readonly exportName?: string;
  readonly value: Json;
}

/** References nest (an output whose value imports another output): stop before a cycle loops. */
const MAX_DEPTH = 16;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The logical ID in `Fn::GetAtt` (`[Id, Attr]` or `"Id.Attr"`). */
function getAttId(g: Json): string | undefined {
  const id = Array.isArray(g) ? g[0] : typeof g === 'string' ? g.split('.')[0] : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Marker the template loader writes for `Fn::GetStackOutput`, which CfnInclude cannot read. */
export const STACK_OUTPUT_MARKER = 'isotrain:stack-output';

/**
 * Every resource and output of one app (or one set of included templates), indexed so rules can
 * follow references across stacks: `Ref`/`Fn::GetAtt` (same stack first, then the app),
 * `Fn::GetStackOutput` and `Fn::ImportValue` to the output that produces the value.
 */
export class AppModel {
  private static readonly cache = new WeakMap<IConstruct, AppModel>();

  /** The model of the app `node` belongs to, built once per validation run. */
  public static of(node: IConstruct): AppModel {
    const root = node.node.root;
    let model = AppModel.cache.get(root);
    if (!model) {
      model = new AppModel(root);
      AppModel.cache.set(root, model);
    }
    return model;
  }

  /** Forget the model of an app (its tree may have changed since). */
  public static reset(node: IConstruct): void {
    AppModel.cache.delete(node.node.root);
  }

  public readonly resources: ModelResource[] = [];
  private readonly byNode = new Map<CfnResource, ModelResource>();
  private readonly byStack = new Map<Stack, Map<string, ModelResource>>();
  private readonly byId = new Map<string, ModelResource[]>();
  private readonly outputs: ModelOutput[] = [];
  private readonly mappings = new Map<Stack, Record<string, Json>>();

  private constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (CfnResource.isCfnResource(c)) this.addResource(c);
      else if (c instanceof CfnOutput) this.addOutput(c);
      else if (c instanceof CfnMapping) this.addMapping(c);
    }
  }

  private addResource(node: CfnResource): void {
    const stack = Stack.of(node);
    const logicalId = stack.resolve(node.logicalId) as string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rendered = stack.resolve((node as any)._toCloudFormation());
    const body = rendered?.Resources?.[logicalId] ?? {};
    const r: ModelResource = {
      node,
      stack,
      logicalId,
      type: node.cfnResourceType,
      // A value resolved at deploy ({{resolve:ssm:…}}) is one the rules cannot know.
      props: dynamicReferencesUnknown(body.Properties ?? {}),
    };
    this.resources.push(r);
    this.byNode.set(node, r);
    if (!this.byStack.has(stack)) this.byStack.set(stack, new Map());
    this.byStack.get(stack)!.set(logicalId, r);
    this.byId.set(logicalId, [...(this.byId.get(logicalId) ?? []), r]);
  }

  private addOutput(output: CfnOutput): void {
    const stack = Stack.of(output);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rendered = stack.resolve((output as any)._toCloudFormation());
    for (const [logicalId, body] of Object.entries<Json>(rendered?.Outputs ?? {})) {
      const name = body.Export?.Name;
      this.outputs.push({
        stack,
        logicalId,
        value: body.Value,
        exportName:
          name === undefined ? undefined : flatten(name).replace('${AWS::StackName}', stack.stackName),
      });
    }
  }

  private addMapping(mapping: CfnMapping): void {
    const stack = Stack.of(mapping);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const rendered = stack.resolve((mapping as any)._toCloudFormation());
    this.mappings.set(stack, { ...this.mappings.get(stack), ...(rendered?.Mappings ?? {}) });
  }

  public get(node: CfnResource): ModelResource {
    let r = this.byNode.get(node);
    if (!r) {
      // A resource created after the model was built (tests that mutate a tree): index it now.
      this.addResource(node);
      r = this.byNode.get(node)!;
    }
    return r;
  }

  public ofType(...types: string[]): ModelResource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /**
   * The one resource a value stands for: `Ref`, `Fn::GetAtt`, a `Fn::Sub` that is exactly one
   * `${LogicalId}` or `${LogicalId.Attr}`, or a stack output / export whose value is one of these.
   * Undefined when the value is not a reference to a single resource of the app.
   */
  public deref(value: Json, from: Stack, depth = 0): ModelResource | undefined {
    if (depth > MAX_DEPTH || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (typeof value.Ref === 'string') return this.lookup(value.Ref, from);
    if ('Fn::GetAtt' in value) {
      const id = getAttId(value['Fn::GetAtt']);
      return id === undefined ? undefined : this.lookup(id, from);
    }
    if ('Fn::Sub' in value) {
      const [text, vars] = subParts(value['Fn::Sub']);
      const only = /^\$\{([^}!][^}]*)\}$/.exec(text)?.[1];
      if (only === undefined) return undefined;
      if (vars && only in vars) return this.deref(vars[only], from, depth + 1);
      return only.startsWith('AWS::') ? undefined : this.lookup(only.split('.')[0], from);
    }
    const out = this.output(value);
    return out ? this.deref(out.value, out.stack, depth + 1) : undefined;
  }

  /**
   * The output a `Fn::GetStackOutput` or `Fn::ImportValue` reads: by stack name and output ID, or
   * by export name. A stack or export that is not among the checked templates resolves to nothing
   * (never to another stack's output of the same name), so callers treat it as unknown.
   */
  private output(value: Json): ModelOutput | undefined {
    if ('Fn::GetStackOutput' in value) {
      const o = value['Fn::GetStackOutput'];
      return this.fromOutput(flatten(o?.StackName), flatten(o?.OutputName));
    }
    if ('Fn::ImportValue' in value) {
      const name = flatten(value['Fn::ImportValue']);
      if (name.startsWith(`${STACK_OUTPUT_MARKER}|`)) {
        const [, stackName, outputName] = name.split('|');
        return this.fromOutput(stackName, outputName);
      }
      return this.outputs.find((o) => o.exportName === name);
    }
    return undefined;
  }

  private fromOutput(stackName: string, outputName: string): ModelOutput | undefined {
    return this.outputs.find((o) => o.logicalId === outputName && o.stack.stackName === stackName);
  }

  private lookup(logicalId: string, from: Stack): ModelResource | undefined {
    const local = this.byStack.get(from)?.get(logicalId);
    if (local) return local;
    const all = this.byId.get(logicalId) ?? [];
    return all.length === 1 ? all[0] : undefined;
  }

  /**
   * Does a value (an ARN, a list, a join) refer to the resource? By reference, or by a literal ARN
   * or name when the resource has a literal physical name.
   */
  public refersTo(value: Json, target: ModelResource, from: Stack): boolean {
    const walked = this.walk(value, from);
    return (
      walked.resources.includes(target) ||
      this.namesLiterally(value, target) ||
      walked.literals.some((l) => this.namesLiterally(l, target))
    );
  }

  /**
   * Does a value refer to the resource whichever way the template's conditions go? Every branch of a
   * top-level `Fn::If` must, and `Fn::Select` of a literal list refers to the element it picks. For
   * the references a control rests on (the VPC a flow log records): `refersTo` counts a reference
   * in any branch, which is right for what may reach a resource and wrong for what must.
   */
  public alwaysRefersTo(value: Json, target: ModelResource, from: Stack): boolean {
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1) {
      if ('Fn::If' in value) {
        const args = value['Fn::If'];
        return (
          Array.isArray(args) &&
          args.length === 3 &&
          [args[1], args[2]].every((b) => this.alwaysRefersTo(b, target, from))
        );
      }
      if ('Fn::Select' in value) {
        const [index, list] = asArray(value['Fn::Select']);
        const i = Number(index);
        if (Array.isArray(list) && Number.isInteger(i)) return this.alwaysRefersTo(list[i], target, from);
      }
      if (value.Ref === 'AWS::NoValue') return false;
    }
    return this.refersTo(value, target, from);
  }

  /** Every resource a value refers to, anywhere inside it (every branch of `Fn::If`, every `Fn::Sub` variable). */
  public references(value: Json, from: Stack): ModelResource[] {
    return this.walk(value, from).resources;
  }

  /**
   * True when a value contains a reference this model cannot follow to a resource of the app: a
   * `Ref` to a parameter, a missing stack or export, a `Fn::Sub` name that is no resource, a
   * mapping that is not there. Pseudo parameters (`AWS::AccountId`, ...) are known.
   */
  public hasUnknownReference(value: Json, from: Stack): boolean {
    return this.walk(value, from).unknown;
  }

  /** Follows every reference inside a value, as CloudFormation would resolve it. */
  private walk(
    value: Json,
    from: Stack,
  ): { resources: ModelResource[]; literals: string[]; unknown: boolean } {
    const resources: ModelResource[] = [];
    const literals: string[] = [];
    let unknown = false;
    const name = (id: string, stack: Stack) => {
      if (id.startsWith('AWS::')) return;
      const r = this.lookup(id.split('.')[0], stack);
      if (r) resources.push(r);
      else unknown = true;
    };
    const visit = (v: Json, stack: Stack, depth: number): void => {
      if (!v || typeof v !== 'object') return;
      if (depth > MAX_DEPTH) {
        unknown = true;
        return;
      }
      if (Array.isArray(v)) return v.forEach((x) => visit(x, stack, depth + 1));
      const keys = Object.keys(v);
      const fn = keys.length === 1 ? keys[0] : undefined;
      if (fn === 'Ref' && typeof v.Ref === 'string') return name(v.Ref, stack);
      if (fn === 'Fn::GetAtt') {
        const id = getAttId(v['Fn::GetAtt']);
        return id === undefined ? void (unknown = true) : name(id, stack);
      }
      if (fn === 'Fn::Sub') {
        const [text, vars] = subParts(v['Fn::Sub']);
        for (const n of subVariables(text)) {
          if (vars && n in vars) visit(vars[n], stack, depth + 1);
          else name(n, stack);
        }
        return;
      }
      if (fn === 'Fn::GetStackOutput' || fn === 'Fn::ImportValue') {
        const out = this.output(v);
        if (out) visit(out.value, out.stack, depth + 1);
        else unknown = true;
        return;
      }
      if (fn === 'Fn::FindInMap') {
        const values = this.findInMap(v['Fn::FindInMap'], stack);
        if (values === undefined) unknown = true;
        else literals.push(...values.filter((x): x is string => typeof x === 'string'));
        return;
      }
      for (const child of Object.values(v)) visit(child, stack, depth + 1);
    };
    visit(value, from, 0);
    return { resources: [...new Set(resources)], literals, unknown };
  }

  /**
   * The values a `Fn::FindInMap` can take: the one entry its literal keys name, or every entry at a
   * level whose key is computed. Undefined when the mapping or a literal key is not there.
   */
  private findInMap(args: Json, from: Stack): Json[] | undefined {
    if (!Array.isArray(args) || args.length < 3 || typeof args[0] !== 'string') return undefined;
    const mapping = this.mappings.get(from)?.[args[0]];
    if (!mapping || typeof mapping !== 'object') return undefined;
    let level: Json[] = [mapping];
    for (const key of args.slice(1, 3)) {
      const next: Json[] = [];
      for (const m of level) {
        if (!m || typeof m !== 'object') continue;
        if (typeof key === 'string') {
          if (key in m) next.push(m[key]);
        } else next.push(...Object.values(m));
      }
      if (next.length === 0) return undefined;
      level = next;
    }
    return level.flatMap((x) => asArray(x));
  }

  private namesLiterally(value: Json, target: ModelResource): boolean {
    const name = target.type === 'AWS::S3::Bucket' ? target.props.BucketName : undefined;
    if (typeof name !== 'string' || Token.isUnresolved(name)) return false;
    return asArray(value).some((v) => {
      const text = flatten(v);
      return text === name || new RegExp(`^arn:[^:]*:s3:::${escapeRegExp(name)}(/.*)?$`).test(text);
    });
  }

  // ---- what the resources are for ----

  public purpose(r: ModelResource): string | undefined {
    const tags = r.props.Tags;
    if (Array.isArray(tags)) return tags.find((t: Json) => t?.Key === PURPOSE_TAG)?.Value;
    if (tags && typeof tags === 'object') return tags[PURPOSE_TAG];
    return undefined;
  }

  /** Buckets that may hold private data: tagged training-data or artifacts, or untagged (conservative). */
  public dataBuckets(): ModelResource[] {
    return this.ofType('AWS::S3::Bucket').filter((b) => isDataBucketPurpose(this.purpose(b)));
  }

  /** Keys that protect private data: tagged data/artifact keys, and any key a data bucket uses. */
  public dataKeys(): ModelResource[] {
    const tagged = this.ofType('AWS::KMS::Key').filter((k) =>
      [PURPOSES.dataKey, PURPOSES.artifactsKey].includes(this.purpose(k) as never),
    );
    const used = this.dataBuckets().flatMap((b) =>
      asArray(b.props.BucketEncryption?.ServerSideEncryptionConfiguration).flatMap((c: Json) => {
        const key = this.deref(c?.ServerSideEncryptionByDefault?.KMSMasterKeyID, b.stack);
        return key && key.type === 'AWS::KMS::Key' ? [key] : [];
      }),
    );
    return [...new Set([...tagged, ...used])];
  }

  /** Bucket policies attached to a bucket. */
  public bucketPolicies(bucket: ModelResource): ModelResource[] {
    return this.ofType('AWS::S3::BucketPolicy').filter((p) => this.refersTo(p.props.Bucket, bucket, p.stack));
  }

  // ---- what the project files say (app mode only) ----

  private static readonly settings = new WeakMap<IConstruct, ReadonlyMap<string, ProjectSettings>>();

  /**
   * The project files' settings for the app `node` belongs to, by project name. Only the caller that
   * knows the project files (app mode) sets them; without them rules apply TEMPLATE_BOUNDS.
   */
  public static useProjectSettings(node: IConstruct, byProject: ReadonlyMap<string, ProjectSettings>): void {
    AppModel.settings.set(node.node.root, byProject);
  }

  /** The settings of the project a resource belongs to (its `isotrain:project` tag), when known. */
  public projectSettings(r: ModelResource): ProjectSettings | undefined {
    const tags = r.props.Tags;
    const project = Array.isArray(tags)
      ? tags.find((t: Json) => t?.Key === PROJECT_TAGS.project)?.Value
      : undefined;
    return typeof project === 'string' ? AppModel.settings.get(r.node.node.root)?.get(project) : undefined;
  }

  /** The account a stack deploys to, when it is known at synth time. */
  public static account(stack: Stack): string | undefined {
    return Token.isUnresolved(stack.account) ? undefined : stack.account;
  }
}

/** Untagged buckets are treated as holding data: a rule must not pass for lack of a tag. */
export function isDataBucketPurpose(purpose: string | undefined): boolean {
  return purpose === undefined || purpose === PURPOSES.trainingData || purpose === PURPOSES.artifacts;
}
