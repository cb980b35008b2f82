/**
 * A synthesized project Stage with every CloudFormation intrinsic resolved to a concrete, deterministic
 * value (bucket names, role ARNs, key IDs, endpoint IDs, cross-stack outputs), so that its policies can
 * be handed to the IAM evaluator (lib/checks/iam) as AWS would see them after deployment. Physical
 * names are invented from the stack name and logical ID; only their consistency across references
 * matters.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  EvaluationResult,
  IamRequest,
  Named,
  Policies,
  PolicyDocument,
  RequestPrincipal,
  evaluate,
} from '../../lib/checks/iam';
import { PURPOSE_TAG } from '../../lib/contract';
import { ProjectStage } from '../../lib/infra/project-stage';

type Json = any;

export interface StageResource {
  readonly stack: string;
  readonly id: string;
  readonly type: string;
  readonly props: Json;
}

export class ResolvedStage {
  public readonly account: string;
  public readonly region: string;
  private readonly templates = new Map<string, Json>();

  constructor(stage: ProjectStage) {
    const stacks = stage.node.children.filter((c): c is Stack => Stack.isStack(c));
    this.account = stacks[0].account;
    this.region = stacks[0].region;
    for (const stack of stacks) this.templates.set(stack.stackName, Template.fromStack(stack).toJSON());
  }

  /** Every resource of the stage, optionally of one type. */
  resources(type?: string): StageResource[] {
    return [...this.templates].flatMap(([stack, t]) =>
      Object.entries<Json>(t.Resources ?? {})
        .filter(([, r]) => !type || r.Type === type)
        .map(([id, r]) => ({ stack, id, type: r.Type, props: r.Properties ?? {} })),
    );
  }

  /** The one resource of a type carrying `isotrain:purpose=<purpose>`. */
  byPurpose(type: string, purpose: string): StageResource {
    const found = this.resources(type).filter((r) =>
      (r.props.Tags ?? []).some((t: Json) => t.Key === PURPOSE_TAG && t.Value === purpose),
    );
    if (found.length !== 1)
      throw new Error(`expected one ${type} with purpose ${purpose}, found ${found.length}`);
    return found[0];
  }

  /** The one resource of a type whose logical ID matches. */
  byId(type: string, pattern: RegExp): StageResource {
    const found = this.resources(type).filter((r) => pattern.test(r.id));
    if (found.length !== 1)
      throw new Error(`expected one ${type} matching ${pattern}, found ${found.length}`);
    return found[0];
  }

  /** A value of a stack's template with every intrinsic resolved. */
  resolve(stack: string, value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(stack, v));
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(stack, keys[0], value[keys[0]]);
    }
    return Object.fromEntries(keys.map((k) => [k, this.resolve(stack, value[k])]));
  }

  name(r: StageResource): string {
    const explicit =
      r.props.LogGroupName ?? r.props.BucketName ?? r.props.RoleName ?? r.props.ManagedPolicyName;
    if (typeof explicit === 'string') return explicit;
    const generated = `${r.stack}-${r.id}`;
    return r.type === 'AWS::S3::Bucket' ? generated.toLowerCase() : generated;
  }

  arn(r: StageResource): string {
    const { account, region } = this;
    const name = this.name(r);
    switch (r.type) {
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:aws:iam::${account}:policy/${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${region}:${account}:key/${this.ref(r)}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::CloudTrail::Trail':
        return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${region}:${account}:rule/${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${account}:${name}`;
      default:
        return `arn:aws:${r.type.split('::')[1].toLowerCase()}:${region}:${account}:${r.id}`;
    }
  }

  /** What `Ref` returns for the resource, by type. */
  ref(r: StageResource): string {
    switch (r.type) {
      case 'AWS::SNS::Topic':
      case 'AWS::IAM::ManagedPolicy':
        return this.arn(r);
      case 'AWS::KMS::Key':
        return `key-${r.id.toLowerCase()}`;
      case 'AWS::EC2::VPCEndpoint':
        return `vpce-${r.id.toLowerCase()}`;
      case 'AWS::EC2::VPC':
        return `vpc-${r.id.toLowerCase()}`;
      case 'AWS::EC2::Subnet':
        return `subnet-${r.id.toLowerCase()}`;
      case 'AWS::EC2::SecurityGroup':
        return `sg-${r.id.toLowerCase()}`;
      default:
        return this.name(r);
    }
  }

  resource(stack: string, id: string): StageResource {
    const r = this.templates.get(stack)?.Resources?.[id];
    if (!r) throw new Error(`no resource ${id} in ${stack}`);
    return { stack, id, type: r.Type, props: r.Properties ?? {} };
  }

  private intrinsic(stack: string, fn: string, arg: Json): Json {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': this.region,
      'AWS::AccountId': this.account,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack,
    };
    switch (fn) {
      case 'Ref':
        return pseudo[arg] ?? this.ref(this.resource(stack, arg));
      case 'Fn::GetAtt': {
        const [id, attr] = arg as [string, string];
        const r = this.resource(stack, id);
        if (attr === 'Arn' || attr === 'TopicArn') return this.arn(r);
        if (attr === 'GroupId') return this.ref(r);
        if (attr === 'Id') return `${r.type.split('::')[2].toLowerCase()}-${id.toLowerCase()}`;
        return `${this.ref(r)}.${attr}`;
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]];
        return parts.map((p) => this.resolve(stack, p)).join(sep);
      }
      case 'Fn::Select': {
        const [i, list] = arg as [number, Json];
        return (this.resolve(stack, list) as Json[])[Number(i)];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, Json];
        return String(this.resolve(stack, text)).split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Json]);
        return text.replace(/\$\{([^}]+)\}/g, (_m: string, name: string) => {
          if (vars[name] !== undefined) return String(this.resolve(stack, vars[name]));
          if (pseudo[name]) return pseudo[name];
          const [id, attr] = name.split('.');
          return String(this.intrinsic(stack, attr ? 'Fn::GetAtt' : 'Ref', attr ? [id, attr] : id));
        });
      }
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = arg as { StackName: string; OutputName: string };
        const output = this.templates.get(StackName)?.Outputs?.[OutputName];
        if (!output) throw new Error(`no output ${OutputName} in ${StackName}`);
        return this.resolve(StackName, output.Value);
      }
      case 'Fn::ImportValue': {
        for (const [name, t] of this.templates) {
          const found = Object.values<Json>(t.Outputs ?? {}).find((o) => o.Export?.Name === arg);
          if (found) return this.resolve(name, found.Value);
        }
        throw new Error(`no export ${JSON.stringify(arg)}`);
      }
      default:
        throw new Error(`stage-policies: ${fn} is not resolved`);
    }
  }

  // ---- policies, resolved ----

  /** A bucket's policy document. */
  bucketPolicy(bucket: StageResource): Named {
    const policy = this.resources('AWS::S3::BucketPolicy').find(
      (p) => p.stack === bucket.stack && p.props.Bucket?.Ref === bucket.id,
    );
    if (!policy) throw new Error(`no policy for bucket ${bucket.id}`);
    return { name: `${bucket.id} policy`, document: this.resolve(policy.stack, policy.props.PolicyDocument) };
  }

  keyPolicy(key: StageResource): Named {
    return { name: `${key.id} key policy`, document: this.resolve(key.stack, key.props.KeyPolicy) };
  }

  trustPolicy(role: StageResource): Named {
    return {
      name: `${role.id} trust`,
      document: this.resolve(role.stack, role.props.AssumeRolePolicyDocument),
    };
  }

  endpointPolicy(endpoint: StageResource): Named {
    return {
      name: `${endpoint.id} policy`,
      document: this.resolve(endpoint.stack, endpoint.props.PolicyDocument),
    };
  }

  /** Every managed policy attached to a role (as CloudFormation attaches them, by `Roles`). */
  policiesOfRole(role: StageResource): Named[] {
    const roleName = this.name(role);
    return this.resources('AWS::IAM::ManagedPolicy')
      .filter((p) => (this.resolve(p.stack, p.props.Roles ?? []) as string[]).includes(roleName))
      .map((p) => this.managedPolicy(p));
  }

  managedPolicy(p: StageResource): Named {
    return { name: p.id, document: this.resolve(p.stack, p.props.PolicyDocument) as PolicyDocument };
  }

  /** A session of a role, as the evaluator names request principals. */
  session(role: StageResource, session = 'session'): RequestPrincipal {
    const name = this.name(role);
    return {
      arn: `arn:aws:sts::${this.account}:assumed-role/${name}/${session}`,
      account: this.account,
      type: 'assumed-role',
      roleArn: this.arn(role),
    };
  }
}

/** A principal that is not a project role: an administrator or an engineer's role of the account. */
export function otherRole(account: string, name: string): RequestPrincipal {
  return {
    arn: `arn:aws:sts::${account}:assumed-role/${name}/someone`,
    account,
    type: 'assumed-role',
    roleArn: `arn:aws:iam::${account}:role/${name}`,
  };
}

/** An identity policy that allows everything: what an account administrator carries. */
export const ADMINISTRATOR: Named = {
  name: 'AdministratorAccess',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** Evaluates one request; the result's decision is what AWS would decide. */
export function decide(
  request: IamRequest,
  policies: Policies,
  kind?: 'kms-key' | 'role-trust',
): EvaluationResult {
  return evaluate(request, policies, kind ? { kind } : {});
}
