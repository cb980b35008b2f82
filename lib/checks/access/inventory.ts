/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * The evaluator's inputs for one app, built once per model: every IAM role, user and group the
 * templates define with its identity policies, and the resource-side policies (bucket, key, endpoint,
 * trust). Rules ask it for what they judge and build requests over it (requests.ts).
 *
 * Identity policies of a principal: its inline `Policies`; the managed policies its
 * `ManagedPolicyArns` name (customer-managed ones of the templates by content; AWS-managed and any
 * other as unknown policies that may allow or deny anything); every `AWS::IAM::Policy` and
 * `AWS::IAM::ManagedPolicy` that lists it (Roles/Users/Groups); for a user, its groups' policies.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { PROJECT_TAGS, PURPOSE_TAG, fenceOutputName } from '../../contract';
import { Named, PolicyDocument, RequestPrincipal } from '../iam';
import { Json, asArray } from '../cfn';
import { AppModel, ModelResource } from '../model';
import { endpointService, isGatewayEndpoint } from '../rules/ec2/endpoint-service';
import { GATEWAY_TYPES } from '../rules/ec2/no-internet-path-resources';
import { resolveDocument, unknownPolicy } from './documents';
import { Symbols } from './values';

/** A principal a rule asks about, with the identity policies it holds. */
export interface Caller {
  /** How findings name it: the logical ID of the role or user, or what the sentinel stands for. */
  readonly id: string;
  readonly principal: RequestPrincipal;
  readonly identity: readonly Named[];
  readonly boundary?: Named;
  /** The role or user of the templates, when it is one. */
  readonly resource?: ModelResource;
  readonly purpose?: string;
  /** Context keys the caller's own account sets for it (organization, principal tags). */
  readonly claims?: Readonly<Record<string, string | string[]>>;
}

/** Whoever holds a set of identity policies: a principal of the templates, or a policy handed out. */
export interface Holder {
  /** Where a finding about the holder is reported. */
  readonly carrier: ModelResource;
  readonly caller: Caller;
  /** True for a customer-managed policy no principal of the templates holds (given to people). */
  readonly handedOut: boolean;
}

const PRINCIPAL_TYPES = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];
const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];
/** Inline policies written as resources of their own: the principal they belong to, by name. */
const INLINE_POLICY_TYPES: Readonly<Record<string, readonly [string, string]>> = {
  'AWS::IAM::RolePolicy': ['AWS::IAM::Role', 'RoleName'],
  'AWS::IAM::UserPolicy': ['AWS::IAM::User', 'UserName'],
  'AWS::IAM::GroupPolicy': ['AWS::IAM::Group', 'GroupName'],
};
const SESSION = 'isotrain-check';
/** How a principal the templates do not define is written, by the type of principal a policy names. */
const OUTSIDE_KIND: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
};

const cache = new WeakMap<AppModel, Inventory>();

export function tagValue(r: ModelResource, key: string): string | undefined {
  const tags = r.props.Tags;
  if (Array.isArray(tags)) {
    const v = tags.find((t: Json) => t?.Key === key)?.Value;
    return typeof v === 'string' ? v : undefined;
  }
  if (tags && typeof tags === 'object' && typeof tags[key] === 'string') return tags[key];
  return undefined;
}

export class Inventory {
  /** The inventory of the app `node` belongs to, built once per model (so once per validation run). */
  public static of(node: CfnResource): Inventory {
    const model = AppModel.of(node);
    let inventory = cache.get(model);
    if (!inventory) {
      inventory = new Inventory(model, node);
      cache.set(model, inventory);
    }
    return inventory;
  }

  public readonly symbols: Symbols;
  private readonly attached = new Map<ModelResource, ModelResource[]>();
  /** Policies naming principals the templates do not define (`Users: [alice]`), by the name each gives. */
  private readonly outside = new Map<ModelResource, string[]>();
  private readonly callerCache = new Map<ModelResource, Caller>();
  private readonly docs = new Map<string, PolicyDocument | undefined>();
  private projects?: Map<Stack, string | undefined>;
  private holderList?: Holder[];

  private constructor(
    public readonly model: AppModel,
    node: CfnResource,
  ) {
    this.symbols = new Symbols(model, node.node.root);
    this.indexAttachments();
  }

  public get(node: CfnResource): ModelResource {
    return this.model.get(node);
  }

  public purpose(r: ModelResource): string | undefined {
    return tagValue(r, PURPOSE_TAG);
  }

  /** A resolved document of a resource property, cached (rules ask for the same ones). */
  public document(r: ModelResource, value: Json, key: string): PolicyDocument | undefined {
    const id = `${r.stack.stackName}|${r.logicalId}|${key}`;
    if (!this.docs.has(id)) this.docs.set(id, resolveDocument(value, r.stack, this.symbols));
    return this.docs.get(id);
  }

  private named(r: ModelResource, value: Json, key: string, name = r.logicalId): Named | undefined {
    const document = this.document(r, value, key);
    return document ? { name, document } : undefined;
  }

  // ---- principals and their identity policies ----

  private indexAttachments(): void {
    const byName = new Map<string, ModelResource>();
    for (const p of this.model.ofType(...PRINCIPAL_TYPES)) byName.set(`${p.type}|${this.symbols.ref(p)}`, p);
    const attach = (policy: ModelResource, type: string, names: Json) => {
      for (const n of asArray(names)) {
        const name = this.symbols.resolve(n, policy.stack);
        const target = byName.get(`${type}|${name}`);
        if (target) this.attached.set(target, [...(this.attached.get(target) ?? []), policy]);
        else if (name !== '')
          this.outside.set(policy, [...(this.outside.get(policy) ?? []), `${OUTSIDE_KIND[type]}/${name}`]);
      }
    };
    for (const policy of this.model.ofType(...POLICY_TYPES)) {
      attach(policy, 'AWS::IAM::Role', policy.props.Roles);
      attach(policy, 'AWS::IAM::User', policy.props.Users);
      attach(policy, 'AWS::IAM::Group', policy.props.Groups);
    }
    for (const [type, [principal, key]] of Object.entries(INLINE_POLICY_TYPES)) {
      for (const policy of this.model.ofType(type)) attach(policy, principal, policy.props[key]);
    }
  }

  /** Managed and standalone policies that list the principal. */
  public policiesAttachedTo(principal: ModelResource): ModelResource[] {
    return this.attached.get(principal) ?? [];
  }

  /** Whether a policy resource is held by some principal of the templates (either side may say so). */
  public isAttached(policy: ModelResource): boolean {
    if ([...this.attached.values()].some((list) => list.includes(policy))) return true;
    return this.model
      .ofType(...PRINCIPAL_TYPES)
      .some((p) =>
        asArray(p.props.ManagedPolicyArns).some((a: Json) => this.symbols.deref(a, p.stack) === policy),
      );
  }

  /** The identity policies of a role, user or group (a user's groups included). */
  public identityOf(principal: ModelResource): Named[] {
    const out: Named[] = [];
    asArray(principal.props.Policies).forEach((p: Json, i: number) => {
      const named = this.named(
        principal,
        p?.PolicyDocument,
        `Policies.${i}`,
        `${principal.logicalId} inline ${String(p?.PolicyName ?? i)}`,
      );
      if (named) out.push(named);
    });
    for (const arn of asArray(principal.props.ManagedPolicyArns))
      out.push(this.managedPolicy(arn, principal.stack));
    for (const policy of this.policiesAttachedTo(principal)) {
      const named = this.named(policy, policy.props.PolicyDocument, 'PolicyDocument');
      if (named) out.push(named);
    }
    if (principal.type === 'AWS::IAM::User') {
      for (const group of this.groupsOf(principal)) out.push(...this.identityOf(group));
    }
    return out;
  }

  private managedPolicy(arn: Json, stack: Stack): Named {
    const r = this.symbols.deref(arn, stack);
    if (r?.type === 'AWS::IAM::ManagedPolicy') {
      return this.named(r, r.props.PolicyDocument, 'PolicyDocument') ?? unknownPolicy(r.logicalId);
    }
    return unknownPolicy(this.symbols.resolve(arn, stack));
  }

  private groupsOf(user: ModelResource): ModelResource[] {
    const names = new Set(asArray(user.props.Groups).map((g: Json) => this.symbols.resolve(g, user.stack)));
    const userName = this.symbols.ref(user);
    for (const add of this.model.ofType('AWS::IAM::UserToGroupAddition')) {
      const users = asArray(add.props.Users).map((u: Json) => this.symbols.resolve(u, add.stack));
      if (users.includes(userName)) names.add(this.symbols.resolve(add.props.GroupName, add.stack));
    }
    return this.model.ofType('AWS::IAM::Group').filter((g) => names.has(this.symbols.ref(g)));
  }

  private boundaryOf(principal: ModelResource): Named | undefined {
    const b = principal.props.PermissionsBoundary;
    return b === undefined ? undefined : this.managedPolicy(b, principal.stack);
  }

  /** The request principal a role or user of the templates signs as (a role: one of its sessions). */
  public caller(r: ModelResource): Caller {
    let c = this.callerCache.get(r);
    if (c) return c;
    const account = this.symbols.account(r);
    const arn = this.symbols.attribute(r, 'Arn');
    const tags: Record<string, string> = {};
    for (const t of asArray(r.props.Tags)) {
      if (t && typeof t.Key === 'string') tags[t.Key] = this.symbols.resolve(t.Value, r.stack);
    }
    const principal: RequestPrincipal =
      r.type === 'AWS::IAM::Role'
        ? {
            type: 'assumed-role',
            arn: `arn:${this.symbols.partition}:sts::${account}:assumed-role/${this.symbols.nameOf(r)}/${SESSION}`,
            roleArn: arn,
            account,
            tags,
          }
        : // A group signs nothing: its members do; they are judged as a user holding its policies.
          {
            type: 'user',
            arn:
              r.type === 'AWS::IAM::User'
                ? arn
                : `arn:${this.symbols.partition}:iam::${account}:user/${SESSION}-member-of-${r.logicalId}`,
            account,
            tags,
          };
    c = {
      id: this.symbols.label(r),
      principal,
      identity: this.identityOf(r),
      boundary: this.boundaryOf(r),
      resource: r,
      purpose: this.purpose(r),
    };
    this.callerCache.set(r, c);
    return c;
  }

  /** Every role and user the templates define, as callers with their identity policies. */
  public callers(): Caller[] {
    return this.model.ofType('AWS::IAM::Role', 'AWS::IAM::User').map((r) => this.caller(r));
  }

  /** Roles of the templates carrying an `isotrain:purpose`. */
  public withPurpose(...purposes: string[]): ModelResource[] {
    return this.model.ofType('AWS::IAM::Role').filter((r) => purposes.includes(this.purpose(r) ?? ''));
  }

  /**
   * Every holder of identity policies, judged by what it holds (its Allows, less the Denies that reach
   * it): each role, user and group of the templates; each principal the templates do not define but a
   * policy names (`Users: [alice]`), holding every policy that names it; and each customer-managed
   * policy nobody holds (handed to people) with the fence published for it (fenceOutputName), and
   * nothing else: a deny-only policy beside it is not attached by anything the templates say.
   */
  public holders(): Holder[] {
    this.holderList ??= this.findHolders();
    return this.holderList;
  }

  private findHolders(): Holder[] {
    const out: Holder[] = this.model
      .ofType(...PRINCIPAL_TYPES)
      .map((r) => ({ carrier: r, caller: this.caller(r), handedOut: false }));
    const byOutsider = new Map<string, ModelResource[]>();
    for (const [policy, names] of this.outside) {
      for (const name of names) byOutsider.set(name, [...(byOutsider.get(name) ?? []), policy]);
    }
    for (const [name, held] of byOutsider) {
      const identity = held
        .map((p) => this.named(p, p.props.PolicyDocument, 'PolicyDocument'))
        .filter((n): n is Named => n !== undefined);
      for (const policy of held) {
        const own = this.named(policy, policy.props.PolicyDocument, 'PolicyDocument');
        // A deny-only policy grants nothing: its holder is judged through the policies that grant.
        if (!own || onlyDenies(own.document)) continue;
        out.push({
          carrier: policy,
          handedOut: true,
          caller: {
            id: `${name} (holding ${policy.logicalId})`,
            principal: this.outsider(policy, name),
            identity,
          },
        });
      }
    }
    const loose = this.model
      .ofType('AWS::IAM::ManagedPolicy')
      .filter((p) => !this.isAttached(p) && !this.outside.has(p));
    for (const policy of loose) {
      const named = this.named(policy, policy.props.PolicyDocument, 'PolicyDocument');
      if (!named) continue;
      out.push({
        carrier: policy,
        handedOut: true,
        caller: {
          id: `a holder of ${policy.logicalId}`,
          principal: this.outsider(policy, `role/${SESSION}-holder`),
          identity: [named, ...this.publishedFences(policy)],
        },
      });
    }
    return out;
  }

  /** A principal the templates do not define (`role/x`, `user/x`, `group/x`), signing a request. */
  private outsider(policy: ModelResource, name: string): RequestPrincipal {
    const account = this.symbols.account(policy);
    const [kind, ...rest] = name.split('/');
    const bare = rest.join('/');
    const iam = `arn:${this.symbols.partition}:iam::${account}`;
    if (kind === 'role') {
      return {
        type: 'assumed-role',
        arn: `arn:${this.symbols.partition}:sts::${account}:assumed-role/${bare}/${SESSION}`,
        roleArn: `${iam}:role/${bare}`,
        account,
      };
    }
    // A group signs nothing: its members do.
    return {
      type: 'user',
      arn: kind === 'user' ? `${iam}:user/${bare}` : `${iam}:user/${SESSION}-member-of-${bare}`,
      account,
    };
  }

  /**
   * The policies published as the policy's fence: for each output naming it (`<Name>PolicyArn`), the
   * output of the same stack named for its fence (`<Name>FencePolicyArn`). Whoever is handed the policy
   * is told to attach that one with it; a deny-only policy merely published beside it is not.
   */
  private publishedFences(policy: ModelResource): Named[] {
    const outputs = this.symbols.publishedOutputs();
    const fences = outputs
      .filter((o) => o.target === policy)
      .flatMap((o) => outputs.filter((f) => f.stack === o.stack && f.name === fenceOutputName(o.name)))
      .map((f) => f.target)
      .filter((f): f is ModelResource => f?.type === 'AWS::IAM::ManagedPolicy' && f !== policy);
    return [...new Set(fences)]
      .map((f) => this.named(f, f.props.PolicyDocument, 'PolicyDocument'))
      .filter((n): n is Named => n !== undefined);
  }

  // ---- resource-side policies ----

  /** The bucket's policies (CloudFormation allows one; several are judged one by one). */
  public bucketPolicies(bucket: ModelResource): Named[] {
    return this.model
      .bucketPolicies(bucket)
      .map((p) => this.named(p, p.props.PolicyDocument, 'PolicyDocument'))
      .filter((n): n is Named => n !== undefined);
  }

  /** The key policy; a key without one gets AWS's default, which delegates everything to the account. */
  public keyPolicy(key: ModelResource): Named {
    return (
      this.named(key, key.props.KeyPolicy, 'KeyPolicy') ?? {
        name: `${key.logicalId} (default key policy)`,
        document: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:${this.symbols.partition}:iam::${this.symbols.account(key)}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
      }
    );
  }

  public trustPolicy(role: ModelResource): Named | undefined {
    return this.named(role, role.props.AssumeRolePolicyDocument, 'AssumeRolePolicyDocument');
  }

  /** A VPC endpoint's policy; none means AWS's default, which allows everything. */
  public endpointPolicy(endpoint: ModelResource): Named {
    return (
      this.named(endpoint, endpoint.props.PolicyDocument, 'PolicyDocument') ?? {
        name: `${endpoint.logicalId} (no policy: full access)`,
        document: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
      }
    );
  }

  // ---- network ----

  /** VPCs of the templates that nothing connects to the outside (no gateway, attachment or peering). */
  public isolatedVpcs(): ModelResource[] {
    const connected = new Set<ModelResource>();
    for (const c of this.model.ofType(...GATEWAY_TYPES)) {
      for (const r of this.model.references(c.props, c.stack)) {
        const vpc = r.type === 'AWS::EC2::VPC' ? r : this.vpcOf(r);
        if (vpc) connected.add(vpc);
      }
    }
    return this.model.ofType('AWS::EC2::VPC').filter((vpc) => !connected.has(vpc));
  }

  /** The VPC a subnet, security group or endpoint belongs to. */
  public vpcOf(r: ModelResource): ModelResource | undefined {
    const vpc = this.symbols.deref(r.props.VpcId, r.stack);
    return vpc?.type === 'AWS::EC2::VPC' ? vpc : undefined;
  }

  /** S3 gateway endpoints of isolated VPCs of the resource's project: its path to its buckets. */
  public projectS3Endpoints(of?: ModelResource): ModelResource[] {
    const all = this.isolatedS3Endpoints();
    return of ? all.filter((e) => this.sameProject(e, of)) : all;
  }

  /** S3 gateway endpoints of isolated VPCs, whichever project they serve. */
  public isolatedS3Endpoints(): ModelResource[] {
    const isolated = this.isolatedVpcs();
    return this.model
      .ofType('AWS::EC2::VPCEndpoint')
      .filter(
        (e) =>
          isGatewayEndpoint(e.props) &&
          endpointService(this.symbols.resolve(e.props.ServiceName, e.stack)) === 's3',
      )
      .filter((e) => {
        const vpc = this.vpcOf(e);
        return vpc !== undefined && isolated.includes(vpc);
      });
  }

  // ---- project ----

  /**
   * Whether two resources may belong to the same project: both stacks name a project and it is the
   * same, or either names none (templates from anywhere are one project).
   */
  public sameProject(a: ModelResource, b: ModelResource): boolean {
    const pa = this.stackProject(a);
    const pb = this.stackProject(b);
    return pa === undefined || pb === undefined || pa === pb;
  }

  /** The `isotrain:project` of the resource's stack (any tagged resource of it), if any. */
  public projectOf(r: ModelResource): string | undefined {
    if (!this.projects) {
      this.projects = new Map();
      for (const x of this.model.resources) {
        const p = tagValue(x, PROJECT_TAGS.project);
        if (p !== undefined && !this.projects.has(x.stack)) this.projects.set(x.stack, p);
      }
    }
    return this.projects.get(r.stack) ?? [...this.projects.values()][0];
  }

  private stackProject(r: ModelResource): string | undefined {
    this.projectOf(r);
    return this.projects!.get(r.stack);
  }
}

function onlyDenies(doc: PolicyDocument): boolean {
  const all = doc.Statement;
  const list = Array.isArray(all) ? all : all === undefined ? [] : [all];
  return list.length > 0 && list.every((s: Json) => s && typeof s === 'object' && s.Effect === 'Deny');
}
