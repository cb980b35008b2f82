/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
/**
 * Isolation-SERVE2: an endpoint config encrypts the endpoint's ML storage volumes with a project key:
 * KmsKeyId names a customer-managed key of the templates that protects private data (the data or
 * artifacts key), never an AWS-managed key or a key from elsewhere.
 */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES } from '../../../contract';
import { Json } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

/** Why a KMS key reference is not a project key protecting private data (empty when it is). */
export function projectKeyGaps(model: AppModel, r: ModelResource, value: Json, what: string): string[] {
  if (value === undefined || value === null || value === '')
    return [`${what}: no KMS key (AWS-managed encryption)`];
  const key = model.deref(value, r.stack);
  if (key?.type !== 'AWS::KMS::Key') return [`${what}: not a KMS key of the templates`];
  const purpose = model.purpose(key);
  if (purpose !== PURPOSES.dataKey && purpose !== PURPOSES.artifactsKey)
    return [`${what}: ${key.logicalId} is not the project's data or artifacts key`];
  return [];
}

export const ServingConfigEncryption: IsolationRule = {
  id: 'SERVE2',
  control: 4,
  types: ['AWS::SageMaker::EndpointConfig'],
  info: "An endpoint config does not encrypt the endpoint's volumes with the project's key.",
  explanation:
    "Set KmsKeyId to the project's artifacts key (ServedModel does). Without it SageMaker uses an " +
    'AWS-managed key, whose use no project policy governs; a key from elsewhere is governed by someone else. ' +
    'Instance types with local NVMe storage refuse a KmsKeyId: serve on a type of the allowlist (serving.endpoints[].instanceType).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(projectKeyGaps(model, r, r.props.KmsKeyId, 'volume encryption'));
  },
};
