/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import { CfnOutput, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PROJECT_TAGS, PURPOSES, PURPOSE_TAG } from '../contract';
import { Json, asArray, flatten } from './cfn';
import type { ProjectSettings } from './project-settings';

/** One resource as CloudFormation will see it: type, logical ID and resolved properties. */
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

  private constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (CfnResource.isCfnResource(c)) this.addResource(c);
      else if (c instanceof CfnOutput) this.addOutput(c);
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
      props: body.Properties ?? {},
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

  /** The resource a value refers to (`Ref`, `Fn::GetAtt`, stack outputs, imports), if any. */
  public deref(value: Json, from: Stack, depth = 0): ModelResource | undefined {
    if (depth > 8 || !value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (typeof value.Ref === 'string') return this.lookup(value.Ref, from);
    if ('Fn::GetAtt' in value) {
      const g = value['Fn::GetAtt'];
      const id = Array.isArray(g) ? g[0] : typeof g === 'string' ? g.split('.')[0] : undefined;
      return typeof id === 'string' ? this.lookup(id, from) : undefined;
    }
    if ('Fn::GetStackOutput' in value) {
      const o = value['Fn::GetStackOutput'];
      return this.fromOutput(flatten(o.StackName), flatten(o.OutputName), depth);
    }
    if ('Fn::ImportValue' in value) {
      const name = flatten(value['Fn::ImportValue']);
      if (name.startsWith(`${STACK_OUTPUT_MARKER}|`)) {
        const [, stackName, outputName] = name.split('|');
        return this.fromOutput(stackName, outputName, depth);
      }
      const out = this.outputs.find((o) => o.exportName === name);
      return out ? this.deref(out.value, out.stack, depth + 1) : undefined;
    }
    return undefined;
  }

  private fromOutput(stackName: string, outputName: string, depth: number): ModelResource | undefined {
    const candidates = this.outputs.filter((o) => o.logicalId === outputName);
    const out = candidates.find((o) => o.stack.stackName === stackName) ?? candidates[0];
    return out ? this.deref(out.value, out.stack, depth + 1) : undefined;
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
    return this.references(value, from).includes(target) || this.namesLiterally(value, target);
  }

  /** Every resource a value refers to, anywhere inside it. */
  public references(value: Json, from: Stack): ModelResource[] {
    const found: ModelResource[] = [];
    const walk = (v: Json) => {
      if (!v || typeof v !== 'object') return;
      const r = this.deref(v, from);
      if (r) {
        found.push(r);
        return;
      }
      for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
    };
    walk(value);
    return found;
  }

  /** True when a value contains an intrinsic this model cannot follow to a resource. */
  public hasUnknownReference(value: Json, from: Stack): boolean {
    let unknown = false;
    const walk = (v: Json) => {
      if (unknown || !v || typeof v !== 'object') return;
      if (!Array.isArray(v)) {
        const keys = Object.keys(v);
        const isRef =
          keys.length === 1 &&
          ['Ref', 'Fn::GetAtt', 'Fn::ImportValue', 'Fn::GetStackOutput'].includes(keys[0]);
        if (isRef) {
          const pseudo = keys[0] === 'Ref' && typeof v.Ref === 'string' && v.Ref.startsWith('AWS::');
          if (!pseudo && !this.deref(v, from)) unknown = true;
          return;
        }
      }
      for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
    };
    walk(value);
    return unknown;
  }

  private namesLiterally(value: Json, target: ModelResource): boolean {
    const name = target.type === 'AWS::S3::Bucket' ? target.props.BucketName : undefined;
    if (typeof name !== 'string' || Token.isUnresolved(name)) return false;
    return asArray(value).some((v) => {
      const text = flatten(v);
      return text === name || new RegExp(`^arn:[^:]*:s3:::${name}(/.*)?$`).test(text);
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
