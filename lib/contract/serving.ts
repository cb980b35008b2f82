import { JOB_NAME_SEPARATOR } from './naming';

/**
 * The serving layer's shared vocabulary (issue 12): names the Serving stack gives its endpoints and
 * roles, the SSM parameters the CLI finds them by, the hosting instance allowlist and its prices, and
 * the deployment role's serving guardrails as data.
 */

/**
 * A served endpoint's SageMaker name: `<project>--<endpoint>`, so `endpoint/<project>--*` names
 * exactly one project's endpoints in IAM patterns, trail selectors and alarms. The model and the
 * endpoint config carry the same name.
 */
export function endpointName(project: string, endpoint: string): string {
  return `${project}${JOB_NAME_SEPARATOR}${endpoint}`;
}

/** The prefix every SageMaker hosting resource of a project starts with. */
export function servingNamePrefix(project: string): string {
  return `${project}${JOB_NAME_SEPARATOR}`;
}

/** The Serving stack's CloudFormation name prefix of its alarms: the topic lets exactly these publish. */
export function servingAlarmNamePrefix(project: string): string {
  return `${project}-Serving-`;
}

/** SSM parameters of one endpoint, under `/isotrain/<project>/serving/<endpoint>/`. */
export const SERVING_PARAMETERS = {
  EndpointName: 'endpoint-name',
  InvokerRoleArn: 'invoker-role-arn',
  RunId: 'run-id',
} as const;
export type ServingParameterKey = keyof typeof SERVING_PARAMETERS;

export function servingParameterName(project: string, endpoint: string, key: ServingParameterKey): string {
  return `/isotrain/${project}/serving/${endpoint}/${SERVING_PARAMETERS[key]}`;
}

/**
 * The inline policy `isotrain serving stop` puts on an invoker role: a Deny on every invocation.
 * CloudFormation declares no inline policy on invoker roles (their grant is a managed policy), so a
 * deploy never removes it; `start` deletes it.
 */
export const SERVING_STOP_POLICY = 'isotrain-serving-stopped';

/**
 * Hosting instance types a project may serve on, with their on-demand list price (USD per hour,
 * SageMaker real-time inference, us-east-1; eu-west-1 is up to about 10% higher). Only types without
 * local instance storage: SageMaker refuses a KmsKeyId for types with NVMe instance store (g4dn, g5,
 * g6, p4d, m5d...), and the endpoint volume must carry the project key.
 */
export const SERVING_INSTANCE_PRICES = {
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.m5.2xlarge': 0.461,
  'ml.m5.4xlarge': 0.922,
  'ml.c5.xlarge': 0.204,
  'ml.c5.2xlarge': 0.408,
  'ml.c5.4xlarge': 0.816,
  'ml.r5.large': 0.151,
  'ml.r5.xlarge': 0.302,
  'ml.r5.2xlarge': 0.605,
  'ml.p3.2xlarge': 3.825,
} as const;
export type ServingInstanceType = keyof typeof SERVING_INSTANCE_PRICES;
export const SERVING_INSTANCE_TYPES = Object.keys(SERVING_INSTANCE_PRICES) as [
  ServingInstanceType,
  ...ServingInstanceType[],
];

/** Values the serving guardrails pin: the project's deployed resources. */
export interface ServingGuardrailValues {
  readonly projectName: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Encrypts endpoint volumes: the project's artifacts key. */
  readonly volumeKeyArn: string;
  /** `arn:<partition>:sagemaker:<region>:<account>:model/` — the project's models follow it. */
  readonly modelArnPrefix: string;
}

export interface ServingGuardrail {
  readonly sid: string;
  readonly action: 'sagemaker:CreateModel' | 'sagemaker:CreateEndpointConfig';
  /** What the statement refuses, in one line. */
  readonly refuses: string;
  readonly condition: (v: ServingGuardrailValues) => Record<string, Record<string, unknown>>;
}

const MODEL = 'sagemaker:CreateModel';
const CONFIG = 'sagemaker:CreateEndpointConfig';

/**
 * The deployment role's serving guardrails: one Deny per guardrail, every operator safe when the key
 * is absent. An endpoint for an unreleased artifact is refused by PassRole (only the project's
 * serving roles may be passed, and they read released versions only), not by a condition key:
 * CreateModel has none for the model data.
 */
export const SERVING_GUARDRAILS: readonly ServingGuardrail[] = [
  {
    sid: 'DenyModelsWithoutNetworkIsolation',
    action: MODEL,
    refuses: 'a model that does not set network isolation (absent counts as off)',
    condition: () => ({ BoolIfExists: { 'sagemaker:NetworkIsolation': 'false' } }),
  },
  {
    sid: 'DenyModelsOutsideProjectVpc',
    action: MODEL,
    refuses: 'a model without a VPC configuration',
    condition: () => ({ Null: { 'sagemaker:VpcSubnets': 'true' } }),
  },
  {
    sid: 'DenyModelsInOtherSubnets',
    action: MODEL,
    refuses: "a model with any subnet that is not one of the project's isolated subnets",
    condition: (v) => ({ 'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSubnets': [...v.subnetIds] } }),
  },
  {
    sid: 'DenyModelsWithoutSecurityGroups',
    action: MODEL,
    refuses: 'a model without security groups',
    condition: () => ({ Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } }),
  },
  {
    sid: 'DenyModelsWithOtherSecurityGroups',
    action: MODEL,
    refuses: "a model with any security group other than the project's",
    condition: (v) => ({
      'ForAnyValue:StringNotEquals': { 'sagemaker:VpcSecurityGroupIds': [...v.securityGroupIds] },
    }),
  },
  {
    sid: 'DenyEndpointConfigsWithoutProjectKey',
    action: CONFIG,
    refuses: "an endpoint config with no volume key, or another key than the project's artifacts key",
    condition: (v) => ({ ArnNotEqualsIfExists: { 'sagemaker:VolumeKmsKeyArn': v.volumeKeyArn } }),
  },
  {
    sid: 'DenyEndpointConfigsForOtherModels',
    action: CONFIG,
    refuses: "an endpoint config serving a model that is not one of the project's (<project>--...)",
    condition: (v) => ({
      'ForAnyValue:StringNotLike': {
        'sagemaker:ModelArn': `${v.modelArnPrefix}${servingNamePrefix(v.projectName)}*`,
      },
    }),
  },
  {
    sid: 'DenyEndpointConfigsWithoutModels',
    action: CONFIG,
    refuses: 'an endpoint config whose models are not stated in the request',
    condition: () => ({ Null: { 'sagemaker:ModelArn': 'true' } }),
  },
];
