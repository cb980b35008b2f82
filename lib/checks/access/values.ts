/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * CloudFormation values as the strings the IAM evaluator compares. A reference to a resource of the
 * checked templates becomes a stable symbol for what CloudFormation will put there, so every policy
 * that names the same resource names the same string:
 *
 * - names CloudFormation generates are written `<LogicalId>` (`arn:aws:iam::<account>:role/<TrainingRole>`,
 *   `arn:aws:s3:::<DataBucket>`); a literal physical name (RoleName, BucketName, ...) is used as is;
 * - IDs carry their AWS prefix (`vpce-<Endpoint>`, `subnet-<Subnet>`, `sg-<Group>`, `vpc-<Vpc>`);
 * - the account and region are the stack's when known, else `<account>` and `<region>`: an unknown
 *   own account then differs from every 12-digit account a template names, so those count as other
 *   accounts (conservative, as the engine's environment notes say);
 * - `Fn::GetStackOutput` and `Fn::ImportValue` follow the output to its value in the producing stack.
 *
 * Anything else (a parameter, `Fn::If`, an attribute not modelled, a stack that is not among the
 * checked templates) becomes the evaluator's `unknownValue`, so a decision that depends on it is
 * uncertain and the rules treat it conservatively.
 */
import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { unknownValue } from '../iam';
import { Json } from '../cfn';
import { AppModel, ModelResource, STACK_OUTPUT_MARKER } from '../model';

export const UNKNOWN_ACCOUNT = '<account>';
export const UNKNOWN_REGION = '<region>';

interface Output {
  readonly stack: Stack;
  readonly value: Json;
}

/** A CloudFormation output of a checked template: its stack, its name and the resource it names. */
export interface PublishedOutput {
  readonly stack: Stack;
  readonly name: string;
  readonly target: ModelResource | undefined;
}

/** ID prefixes AWS gives the resources whose Ref is an ID. */
const ID_PREFIX: Readonly<Record<string, string>> = {
  'AWS::EC2::VPCEndpoint': 'vpce-',
  'AWS::EC2::Subnet': 'subnet-',
  'AWS::EC2::SecurityGroup': 'sg-',
  'AWS::EC2::VPC': 'vpc-',
  'AWS::EC2::RouteTable': 'rtb-',
  'AWS::EC2::InternetGateway': 'igw-',
  'AWS::EC2::NatGateway': 'nat-',
  'AWS::EC2::Instance': 'i-',
  'AWS::EC2::NetworkInterface': 'eni-',
  'AWS::EC2::TransitGateway': 'tgw-',
  'AWS::EC2::VPCPeeringConnection': 'pcx-',
  'AWS::EFS::FileSystem': 'fs-',
  'AWS::FSx::FileSystem': 'fs-',
};

/** Physical-name properties, by type. */
const NAME_PROP: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::CloudTrail::Trail': 'TrailName',
  'AWS::Events::Rule': 'Name',
  'AWS::SSM::Parameter': 'Name',
  'AWS::KMS::Alias': 'AliasName',
};

/** How `Ref` and the ARN attribute read for resources whose Ref is not a generated name. */
type Shape = (name: string, r: ModelResource, at: Symbols) => { ref: string; arn: string };

const IAM_PATH: Record<string, string> = {
  'AWS::IAM::Role': 'role',
  'AWS::IAM::User': 'user',
  'AWS::IAM::Group': 'group',
  'AWS::IAM::ManagedPolicy': 'policy',
};

const SHAPES: Readonly<Record<string, Shape>> = {
  'AWS::S3::Bucket': (name, _r, at) => ({ ref: name, arn: `arn:${at.partition}:s3:::${name}` }),
  'AWS::KMS::Key': (name, r, at) => ({ ref: name, arn: at.arn(r, 'kms', `key/${name}`) }),
  'AWS::SNS::Topic': (name, r, at) => {
    const arn = at.arn(r, 'sns', name);
    return { ref: arn, arn };
  },
  'AWS::SQS::Queue': (name, r, at) => ({
    ref: `https://sqs.${at.region(r)}.amazonaws.com/${at.account(r)}/${name}`,
    arn: at.arn(r, 'sqs', name),
  }),
  'AWS::Logs::LogGroup': (name, r, at) => ({ ref: name, arn: at.arn(r, 'logs', `log-group:${name}:*`) }),
  'AWS::Lambda::Function': (name, r, at) => ({ ref: name, arn: at.arn(r, 'lambda', `function:${name}`) }),
  'AWS::CloudTrail::Trail': (name, r, at) => ({ ref: name, arn: at.arn(r, 'cloudtrail', `trail/${name}`) }),
  'AWS::Events::Rule': (name, r, at) => ({ ref: name, arn: at.arn(r, 'events', `rule/${name}`) }),
  'AWS::SSM::Parameter': (name, r, at) => ({ ref: name, arn: at.arn(r, 'ssm', `parameter/${name}`) }),
};

/** Resolves values of one app's templates; build one per model (see `inventoryOf`). */
export class Symbols {
  public readonly partition = 'aws';
  private readonly outputs = new Map<string, Output>();
  private readonly exports = new Map<string, Output>();
  /** Logical IDs that more than one stack uses. */
  private readonly repeated = new Set<string>();

  constructor(
    private readonly model: AppModel,
    root: IConstruct,
  ) {
    const seen = new Set<string>();
    for (const r of model.resources) {
      if (seen.has(r.logicalId)) this.repeated.add(r.logicalId);
      seen.add(r.logicalId);
    }
    for (const c of root.node.findAll()) {
      if (!(c instanceof CfnOutput)) continue;
      const stack = Stack.of(c);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const rendered = stack.resolve((c as any)._toCloudFormation());
      for (const [id, body] of Object.entries<Json>(rendered?.Outputs ?? {})) {
        this.outputs.set(`${stack.stackName}|${id}`, { stack, value: body.Value });
        const name = body.Export?.Name;
        if (name !== undefined) this.exports.set(this.resolve(name, stack), { stack, value: body.Value });
      }
    }
  }

  public account(r: ModelResource | Stack): string {
    const stack = r instanceof Stack ? r : r.stack;
    return AppModel.account(stack) ?? UNKNOWN_ACCOUNT;
  }

  public region(r: ModelResource | Stack): string {
    const stack = r instanceof Stack ? r : r.stack;
    return Token.isUnresolved(stack.region) ? UNKNOWN_REGION : stack.region;
  }

  public arn(r: ModelResource, service: string, resource: string): string {
    return `arn:${this.partition}:${service}:${this.region(r)}:${this.account(r)}:${resource}`;
  }

  /** How findings name a resource: its logical ID, with its stack when another stack repeats the ID. */
  public label(r: ModelResource): string {
    return this.repeated.has(r.logicalId) ? `${r.stack.stackName}/${r.logicalId}` : r.logicalId;
  }

  /** The resource's physical name: its literal name property, else `<LogicalId>`. */
  public nameOf(r: ModelResource): string {
    const prop = NAME_PROP[r.type];
    const literal = prop ? r.props[prop] : undefined;
    if (literal !== undefined) {
      const name = this.resolve(literal, r.stack);
      if (!name.includes('{{unknown:')) return name;
    }
    // Logical IDs repeat across stacks (two projects checked together): the stack tells them apart.
    const id = this.repeated.has(r.logicalId) ? `${r.stack.stackName}.${r.logicalId}` : r.logicalId;
    return `${ID_PREFIX[r.type] ?? ''}<${id}>`;
  }

  /** What `Ref` returns for the resource. */
  public ref(r: ModelResource): string {
    const name = this.nameOf(r);
    if (IAM_PATH[r.type]) return r.type === 'AWS::IAM::ManagedPolicy' ? this.iamArn(r, name) : name;
    return SHAPES[r.type]?.(name, r, this).ref ?? name;
  }

  /** What `Fn::GetAtt` returns; unknown for attributes not modelled. */
  public attribute(r: ModelResource, attribute: string): string {
    const name = this.nameOf(r);
    if (attribute === 'Arn' || (r.type === 'AWS::IAM::ManagedPolicy' && attribute === 'PolicyArn')) {
      if (IAM_PATH[r.type]) return this.iamArn(r, name);
      const shape = SHAPES[r.type];
      if (shape) return shape(name, r, this).arn;
      const service = r.type.split('::')[1]?.toLowerCase() ?? 'unknown';
      return this.arn(r, service, name);
    }
    if (r.type === 'AWS::KMS::Key' && attribute === 'KeyId') return name;
    if (r.type === 'AWS::EC2::SecurityGroup' && attribute === 'GroupId') return name;
    // The group AWS makes with a VPC: no security group of the templates.
    if (r.type === 'AWS::EC2::VPC' && attribute === 'DefaultSecurityGroup')
      return `sg-<${r.logicalId}.default>`;
    if (r.type === 'AWS::SNS::Topic' && attribute === 'TopicName') return name;
    if (r.type === 'AWS::SQS::Queue' && attribute === 'QueueName') return name;
    if (r.type === 'AWS::S3::Bucket' && /^(Regional)?DomainName$/.test(attribute)) {
      return attribute === 'DomainName'
        ? `${name}.s3.amazonaws.com`
        : `${name}.s3.${this.region(r)}.amazonaws.com`;
    }
    return unknownValue(`${r.logicalId}.${attribute}`);
  }

  private iamArn(r: ModelResource, name: string): string {
    const raw = r.props.Path;
    const path = typeof raw === 'string' && raw.startsWith('/') && raw.endsWith('/') ? raw : '/';
    return `arn:${this.partition}:iam::${this.account(r)}:${IAM_PATH[r.type]}${path}${name}`;
  }

  /** A value as one string (lists joined with ","). */
  public resolve(value: Json, stack: Stack, depth = 0): string {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'object') return String(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, stack, depth + 1)).join(',');
    if (depth > 16) return unknownValue('a reference too deep to follow');
    const keys = Object.keys(value);
    if (keys.length !== 1) return unknownValue(JSON.stringify(value));
    const [fn] = keys;
    const arg = value[fn];
    switch (fn) {
      case 'Ref':
        return typeof arg === 'string' ? this.named(arg, stack) : unknownValue(JSON.stringify(value));
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg)
          ? [arg[0], arg.slice(1).join('.')]
          : typeof arg === 'string'
            ? [arg.split('.')[0], arg.split('.').slice(1).join('.')]
            : [undefined, undefined];
        const r = typeof id === 'string' ? this.lookup(id, stack) : undefined;
        return r ? this.attribute(r, String(attribute)) : unknownValue(JSON.stringify(value));
      }
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string' || !Array.isArray(arg[1])) {
          return unknownValue(JSON.stringify(value));
        }
        return arg[1].map((v: Json) => this.resolve(v, stack, depth + 1)).join(arg[0]);
      }
      case 'Fn::Sub':
        return this.sub(arg, stack, depth);
      case 'Fn::Select': {
        const list = Array.isArray(arg) ? this.resolveList(arg[1], stack, depth + 1) : [];
        const index = Array.isArray(arg) ? Number(this.resolve(arg[0], stack, depth + 1)) : NaN;
        return list[index] ?? unknownValue(JSON.stringify(value));
      }
      case 'Fn::GetStackOutput':
      case 'Fn::ImportValue': {
        const out = this.output(value, stack);
        return out ? this.resolve(out.value, out.stack, depth + 1) : unknownValue(JSON.stringify(value));
      }
      default:
        return unknownValue(JSON.stringify(value));
    }
  }

  /** A value that stands for a list (`Fn::Split`, a joined output, an array) as its items. */
  public resolveList(value: Json, stack: Stack, depth = 0): string[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.flatMap((v) => this.resolveList(v, stack, depth + 1));
    if (typeof value === 'object' && 'Fn::Split' in value && Array.isArray(value['Fn::Split'])) {
      const [sep, source] = value['Fn::Split'];
      const text = this.resolve(source, stack, depth + 1);
      return typeof sep === 'string' && !text.includes('{{unknown:') ? text.split(sep) : [text];
    }
    return [this.resolve(value, stack, depth)];
  }

  /** Every output of the checked templates, with the resource its value names (through other outputs too). */
  public publishedOutputs(): PublishedOutput[] {
    return [...this.outputs.entries()].map(([key, o]) => ({
      stack: o.stack,
      name: key.slice(key.indexOf('|') + 1),
      target: this.deref(o.value, o.stack),
    }));
  }

  /** The resource a value refers to (through outputs too), as the model sees it. */
  public deref(value: Json, stack: Stack): ModelResource | undefined {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      // An output of a stack that is not among the templates is unknown, never another stack's output.
      if ('Fn::GetStackOutput' in value || 'Fn::ImportValue' in value) {
        const out = this.output(value, stack);
        return out ? this.deref(out.value, out.stack) : undefined;
      }
    }
    return this.model.deref(value, stack);
  }

  private named(name: string, stack: Stack): string {
    switch (name) {
      case 'AWS::AccountId':
        return this.account(stack);
      case 'AWS::Region':
        return this.region(stack);
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
    }
    const r = this.lookup(name, stack);
    return r ? this.ref(r) : unknownValue(`Ref ${name}`);
  }

  private lookup(logicalId: string, stack: Stack): ModelResource | undefined {
    const r = this.model.deref({ Ref: logicalId }, stack);
    return r && r.logicalId === logicalId ? r : undefined;
  }

  private sub(arg: Json, stack: Stack, depth: number): string {
    const [text, vars] = Array.isArray(arg) ? [arg[0], arg[1]] : [arg, undefined];
    if (typeof text !== 'string') return unknownValue(JSON.stringify({ 'Fn::Sub': arg }));
    return text.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (vars && typeof vars === 'object' && name in vars) return this.resolve(vars[name], stack, depth + 1);
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [id, ...attribute] = name.split('.');
        const r = this.lookup(id, stack);
        return r ? this.attribute(r, attribute.join('.')) : unknownValue(`\${${name}}`);
      }
      return this.named(name, stack);
    });
  }

  private output(value: Json, from: Stack): Output | undefined {
    if ('Fn::GetStackOutput' in value) {
      const o = value['Fn::GetStackOutput'];
      return this.outputs.get(`${this.resolve(o?.StackName, from)}|${this.resolve(o?.OutputName, from)}`);
    }
    const name = this.resolve(value['Fn::ImportValue'], from);
    if (name.startsWith(`${STACK_OUTPUT_MARKER}|`)) {
      const [, stackName, outputName] = name.split('|');
      return this.outputs.get(`${stackName}|${outputName}`);
    }
    return this.exports.get(name);
  }
}
