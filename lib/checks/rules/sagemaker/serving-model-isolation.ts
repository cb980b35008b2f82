/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
/**
 * Isolation-SERVE1: a served model runs isolated in the project network, as a role that reads only
 * released model versions.
 *
 * - EnableNetworkIsolation true, and VpcConfig with subnets and security groups all of the templates
 *   (the project's isolated network: COMPUTE1 and NET rules judge that network);
 * - the execution role is a role of the templates, and, evaluated as AWS would decide with its own
 *   policies, may read the model data it is given only when that version carries the release tag:
 *   a read of the same key untagged, or tagged unreleased, must not be allowed.
 */
import { CfnResource } from 'aws-cdk-lib';
import { RELEASE_TAG, UNRELEASED_TAG } from '../../../contract';
import { isAllowed } from '../../iam';
import { ask } from '../../access/ask';
import { Inventory } from '../../access/inventory';
import { Findings, uncertainty } from '../../access/findings';
import { asArray } from '../../cfn';
import { IsolationRule } from '../../rule';
import { serviceIsolationGaps } from '../compute/isolated-serving';

/** `s3://bucket/key` → the object ARN the model data names, or undefined when it is not an S3 URL. */
export function modelDataArn(url: string, partition = 'aws'): string | undefined {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  return m ? `arn:${partition}:s3:::${m[1]}/${m[2]}` : undefined;
}

export const ServingModelIsolation: IsolationRule = {
  id: 'SERVE1',
  control: 12,
  types: ['AWS::SageMaker::Model'],
  info: 'A SageMaker model runs without network isolation, outside the project subnets and security group, or as a role that may read model versions that were not released.',
  explanation:
    'Serve models as ServedModel does (constructs/serving): EnableNetworkIsolation true (the container gets no ' +
    'network and no credentials), VpcConfig with the project subnets and security group only, and an ' +
    'execution role whose policy reads the model artifact only with s3:ExistingObjectTag/isotrain:release = ' +
    'approved (ServingRole), so a model that is not released cannot be loaded, whoever deploys it.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const f = new Findings();
    for (const gap of serviceIsolationGaps(inv.model, r)) f.add(gap);
    const role = inv.symbols.deref(r.props.ExecutionRoleArn, r.stack);
    if (role?.type !== 'AWS::IAM::Role') {
      f.add('the execution role is not a role of the templates: what it may read cannot be judged');
      return f.result();
    }
    const caller = inv.caller(role);
    const containers = [r.props.PrimaryContainer, ...asArray(r.props.Containers)].filter(Boolean);
    for (const c of containers) {
      const url = inv.symbols.resolve(c.ModelDataUrl ?? c.ModelDataSource?.S3DataSource?.S3Uri, r.stack);
      const resource = modelDataArn(url, inv.symbols.partition);
      if (!resource) continue;
      for (const [label, tags] of [
        ['without the release tag', {}],
        [
          `tagged ${UNRELEASED_TAG.key}=${UNRELEASED_TAG.value}`,
          { [UNRELEASED_TAG.key]: UNRELEASED_TAG.value },
        ],
        [`tagged ${RELEASE_TAG.key}=rejected`, { [RELEASE_TAG.key]: 'rejected' }],
      ] as const) {
        const context = Object.fromEntries(
          Object.entries(tags).map(([k, v]) => [`s3:ExistingObjectTag/${k}`, v]),
        );
        const result = ask({ caller, action: 's3:GetObject', resource, context });
        if (isAllowed(result) || !result.certain)
          f.add(`its role ${caller.id} may read the model data ${label}${uncertainty(result)}`);
      }
    }
    return f.result();
  },
};
