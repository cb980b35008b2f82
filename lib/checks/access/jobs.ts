/**
 * SageMaker job requests built from the templates' own resources: the valid request a launcher holder
 * makes (the project's isolated subnets and training security group, its data and artifacts keys, an
 * allowed instance type, its project tag), and for each guardrail of the contract the requests that
 * break it with its flag omitted and with a false or foreign value.
 */
import {
  CREATE_PROCESSING_JOB,
  CREATE_TRAINING_JOB,
  Guardrail,
  PROJECT_TAGS,
  PURPOSES,
  jobNamePrefix,
} from '../../contract';
import { ContextValue, Named, unknownValue } from '../iam';
import { ModelResource } from '../model';
import { Inventory } from './inventory';
import { PROBE, conditionValues } from './s3';

export const JOB_ACTIONS = [CREATE_TRAINING_JOB, CREATE_PROCESSING_JOB] as const;

const FOREIGN_SUBNET = 'subnet-isotrain-check-foreign';
const FOREIGN_GROUP = 'sg-isotrain-check-foreign';
const FOREIGN_INSTANCE = 'ml.isotrain-check.xlarge';

/** What the valid request is made of. */
export interface JobParts {
  readonly project: string;
  readonly account: string;
  readonly region: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly volumeKey: string;
  readonly outputKey: string;
  readonly instanceType: string;
  readonly maxRuntime: string;
}

/** The project's own resources of a type: those in VPCs nothing connects to the outside. */
function projectNetwork(inv: Inventory, type: string, of: ModelResource): ModelResource[] {
  const isolated = inv.isolatedVpcs();
  return inv.model.ofType(type).filter((r) => {
    if (!inv.sameProject(r, of)) return false;
    const vpc = inv.vpcOf(r);
    return vpc !== undefined && isolated.includes(vpc);
  });
}

/** Resource IDs the documents pin for a key that are project resources, else all project resources. */
function pinned(docs: readonly Named[], key: string, own: readonly string[]): string[] {
  const named = conditionValues(docs, key).filter((v) => own.includes(v));
  return named.length > 0 ? [...new Set(named)] : [...own];
}

function keyArn(
  inv: Inventory,
  of: ModelResource,
  purpose: string,
  docs: readonly Named[],
  conditionKey: string,
): string {
  const tagged = inv.model
    .ofType('AWS::KMS::Key')
    .find((k) => inv.purpose(k) === purpose && inv.sameProject(k, of));
  if (tagged) return inv.symbols.attribute(tagged, 'Arn');
  const keys = inv.model.ofType('AWS::KMS::Key').map((k) => inv.symbols.attribute(k, 'Arn'));
  return (
    conditionValues(docs, conditionKey).find((v) => keys.includes(v)) ??
    unknownValue(`the project's ${purpose}`)
  );
}

export function jobParts(inv: Inventory, carrier: ModelResource, docs: readonly Named[]): JobParts {
  const subnets = projectNetwork(inv, 'AWS::EC2::Subnet', carrier).map((s) => inv.symbols.ref(s));
  const groups = projectNetwork(inv, 'AWS::EC2::SecurityGroup', carrier).map((g) =>
    inv.symbols.attribute(g, 'GroupId'),
  );
  const pinnedGroups = pinned(docs, 'sagemaker:VpcSecurityGroupIds', groups);
  const instance = conditionValues(docs, 'sagemaker:InstanceTypes').find((v) => !/[*?]/.test(v));
  const limits = conditionValues(docs, 'sagemaker:MaxRuntimeInSeconds')
    .map(Number)
    .filter((n) => n > 0);
  return {
    project: inv.projectOf(carrier) ?? 'project',
    account: inv.symbols.account(carrier),
    region: inv.symbols.region(carrier),
    subnets:
      subnets.length > 0
        ? pinned(docs, 'sagemaker:VpcSubnets', subnets)
        : [unknownValue('the project subnets')],
    securityGroups:
      pinnedGroups.length > 0 ? pinnedGroups.slice(0, 1) : [unknownValue('the training security group')],
    volumeKey: keyArn(inv, carrier, PURPOSES.dataKey, docs, 'sagemaker:VolumeKmsKeyArn'),
    outputKey: keyArn(inv, carrier, PURPOSES.artifactsKey, docs, 'sagemaker:OutputKmsKeyArn'),
    instanceType: instance ?? 'ml.g5.2xlarge',
    maxRuntime: String(Math.min(3600, ...limits)),
  };
}

/** The job's ARN in the project's name space. */
export function jobArn(p: JobParts, action: string, project = p.project): string {
  const type = action === CREATE_PROCESSING_JOB ? 'processing-job' : 'training-job';
  return `arn:aws:sagemaker:${p.region}:${p.account}:${type}/${jobNamePrefix(project)}${PROBE}`;
}

/** The request of a job that meets every guardrail. */
export function validContext(p: JobParts): Record<string, ContextValue> {
  return {
    'sagemaker:NetworkIsolation': 'true',
    'sagemaker:InterContainerTrafficEncryption': 'true',
    'sagemaker:VpcSubnets': [...p.subnets],
    'sagemaker:VpcSecurityGroupIds': [...p.securityGroups],
    'sagemaker:VolumeKmsKeyArn': p.volumeKey,
    'sagemaker:OutputKmsKeyArn': p.outputKey,
    'sagemaker:InstanceTypes': [p.instanceType],
    'sagemaker:MaxRuntimeInSeconds': p.maxRuntime,
    [`aws:RequestTag/${PROJECT_TAGS.project}`]: p.project,
    'aws:TagKeys': [PROJECT_TAGS.project],
    'aws:RequestedRegion': p.region,
  };
}

export interface Violation {
  /** How the request breaks the guardrail, for the finding. */
  readonly label: string;
  readonly context: Record<string, ContextValue>;
}

const omitted = (key: string): Violation => ({ label: `${key} omitted`, context: { [key]: undefined } });
const set = (key: string, value: ContextValue, label = JSON.stringify(value)): Violation => ({
  label: `${key} = ${label}`,
  context: { [key]: value },
});

/** Values the documents name for a key that are not the project's own (`own`): each is a way out. */
function strangers(docs: readonly Named[], key: string, own: readonly string[]): string[] {
  return conditionValues(docs, key).filter((v) => !own.includes(v) && !/[*?]/.test(v));
}

/**
 * Requests that break one guardrail, everything else valid. The flag omitted breaks every guardrail
 * but the two that refuse a feature only when it is asked for (remote debugging, file systems).
 */
export function violations(g: Guardrail, p: JobParts, docs: readonly Named[]): Violation[] {
  return violationsOf(g.conditionKey, p, docs);
}

/** Requests that break the guard on one condition key, everything else valid (see violations). */
export function violationsOf(key: string, p: JobParts, docs: readonly Named[]): Violation[] {
  const k = key.toLowerCase();
  const foreignKey = `arn:aws:kms:${p.region}:999988887777:key/${PROBE}`;
  const otherKey = `arn:aws:kms:${p.region}:${p.account}:key/${PROBE}-other`;
  switch (k) {
    case 'sagemaker:networkisolation':
    case 'sagemaker:intercontainertrafficencryption':
      return [omitted(key), set(key, 'false', 'false')];
    case 'sagemaker:vpcsubnets':
      return [
        omitted(key),
        set(key, [FOREIGN_SUBNET], 'a subnet of another VPC'),
        set(key, [...p.subnets, FOREIGN_SUBNET], 'the project subnets and another'),
        ...strangers(docs, key, p.subnets).map((v) => set(key, [v], v)),
      ];
    case 'sagemaker:vpcsecuritygroupids':
      return [
        omitted(key),
        set(key, [FOREIGN_GROUP], 'another security group'),
        set(key, [...p.securityGroups, FOREIGN_GROUP], 'the training group and another'),
        ...strangers(docs, key, p.securityGroups).map((v) => set(key, [v], v)),
      ];
    case 'sagemaker:volumekmskeyarn':
    case 'sagemaker:outputkmskeyarn':
      return [
        omitted(key),
        set(key, foreignKey, 'a key of another account'),
        set(key, otherKey, 'another key of the account'),
      ];
    case 'sagemaker:instancetypes':
      return [
        omitted(key),
        set(key, [FOREIGN_INSTANCE], 'an instance type off the allowlist'),
        set(key, [p.instanceType, FOREIGN_INSTANCE], 'an allowed and another instance type'),
      ];
    case 'sagemaker:maxruntimeinseconds':
      return [omitted(key), set(key, '315360000', 'ten years')];
    case 'sagemaker:enableremotedebug':
      return [set(key, 'true', 'true')];
    case 'sagemaker:filesystemid':
      return [set(key, ['fs-isotrain-check'], 'a file system')];
    default:
      if (k.startsWith('aws:requesttag/')) return [omitted(key), set(key, `${PROBE}-other`, 'another value')];
      return [omitted(key), set(key, `${PROBE}-foreign`, 'a foreign value')];
  }
}
