/**
 * Isolation-SERVE5: whoever may create SageMaker models or endpoint configs is held to the serving
 * guardrails, as AWS would decide it.
 *
 * A model runs a container as the role it is handed, on the model data it names: a model without
 * network isolation, outside the project network, or running as a role that reads more than released
 * model versions (the training role reads the data; a "model" whose data is the training set serves
 * it to every invoker) is a way out. For every holder whose grants allow sagemaker:CreateModel or
 * sagemaker:CreateEndpointConfig (the deployment role, or anyone else), with its own policies and an
 * administrator policy besides (only an explicit Deny holds whatever else it is given), must be denied:
 * - CreateModel with network isolation omitted or false, subnets or security groups omitted or not the
 *   project's;
 * - CreateEndpointConfig with the volume key omitted or not the project's artifacts key, and serving a
 *   model that is not one of the project's (or none stated);
 * - iam:PassRole to SageMaker of every role but the project's serving roles: a role the templates do
 *   not define, and each other role of the templates (the training role first).
 */
import { CfnResource } from 'aws-cdk-lib';
import { SERVING_PURPOSES, servingNamePrefix } from '../../../contract';
import { ContextValue, isDenied } from '../../iam';
import { ask } from '../../access/ask';
import { ADMINISTRATOR, allowOnly } from '../../access/documents';
import { Findings, uncertainty } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { JobParts, Violation, jobParts, violationsOf } from '../../access/jobs';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

const CREATE_MODEL = 'sagemaker:CreateModel';
const CREATE_CONFIG = 'sagemaker:CreateEndpointConfig';

const modelArn = (p: JobParts, name: string) => `arn:aws:sagemaker:${p.region}:${p.account}:model/${name}`;

/** The request of a model, or an endpoint config, that meets every serving guardrail. */
function validHosting(p: JobParts): Record<string, ContextValue> {
  return {
    'sagemaker:NetworkIsolation': 'true',
    'sagemaker:VpcSubnets': [...p.subnets],
    'sagemaker:VpcSecurityGroupIds': [...p.securityGroups],
    'sagemaker:VolumeKmsKeyArn': p.outputKey,
    'sagemaker:ModelArn': [modelArn(p, `${servingNamePrefix(p.project)}${PROBE}`)],
    'aws:RequestedRegion': p.region,
  };
}

/** The guarded keys of each hosting action, with the requests that break each. */
function hostingViolations(
  action: string,
  p: JobParts,
  docs: Parameters<typeof violationsOf>[2],
): Violation[] {
  if (action === CREATE_MODEL) {
    return ['sagemaker:NetworkIsolation', 'sagemaker:VpcSubnets', 'sagemaker:VpcSecurityGroupIds'].flatMap(
      (k) => violationsOf(k, p, docs),
    );
  }
  const key = 'sagemaker:ModelArn';
  return [
    ...violationsOf('sagemaker:VolumeKmsKeyArn', p, docs),
    { label: `${key} omitted`, context: { [key]: undefined } },
    {
      label: `${key} = a model of another project`,
      context: { [key]: [modelArn(p, `${PROBE}-elsewhere`)] },
    },
  ];
}

export const ServingDeploymentGuardrails: IsolationRule = {
  id: 'SERVE5',
  control: 11,
  types: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: 'A holder of these policies can create a SageMaker model or endpoint config that breaks a serving guardrail, or hand a model a role other than a serving role.',
  explanation:
    'Evaluated as AWS would decide, the holder also holding an administrator policy: whoever may create ' +
    'models or endpoint configs must be refused, by an explicit Deny, a model without network isolation or ' +
    'outside the project subnets and security group, an endpoint config without the project artifacts key ' +
    "or serving a model that is not the project's, and iam:PassRole of any role but the project's serving " +
    'roles (the training role reads the data: a model running as it serves whatever it is pointed at). ' +
    'DeploymentGuardrails (constructs/serving) writes one Deny per guardrail from lib/contract/serving.ts, ' +
    'and a Deny of iam:PassRole NotResource the serving roles.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const holders = inv.holders().filter((h) => h.carrier === r);
    const f = new Findings();
    let applies = false;
    for (const holder of holders) {
      const docs = holder.caller.identity;
      const parts = jobParts(inv, r, docs);
      const grants = {
        ...holder.caller,
        identity: docs.map((n) => ({ ...n, document: allowOnly(n.document) })),
      };
      const valid = validHosting(parts);
      const resourceOf = (action: string) =>
        `arn:aws:sagemaker:${parts.region}:${parts.account}:${action === CREATE_MODEL ? 'model' : 'endpoint-config'}/${servingNamePrefix(parts.project)}${PROBE}`;
      const actions = [CREATE_MODEL, CREATE_CONFIG].filter(
        (action) =>
          ask({
            caller: { ...grants, boundary: undefined },
            action,
            resource: resourceOf(action),
            context: valid,
          }).decision === 'Allow',
      );
      if (actions.length === 0) continue;
      applies = true;
      const anything = { ...holder.caller, identity: [...docs, ADMINISTRATOR] };
      const who = holder.caller.id;
      for (const action of actions) {
        for (const v of hostingViolations(action, parts, docs)) {
          const result = ask({
            caller: anything,
            action,
            resource: resourceOf(action),
            context: { ...valid, ...v.context },
          });
          if (!isDenied(result))
            f.add(`${action.split(':')[1]} with ${v.label} is allowed to ${who}${uncertainty(result)}`);
        }
      }
      if (!actions.includes(CREATE_MODEL)) continue;
      const serving = inv
        .withPurpose(SERVING_PURPOSES.servingRole)
        .map((x) => inv.symbols.attribute(x, 'Arn'));
      const others = [
        `arn:aws:iam::${parts.account}:role/${PROBE}-not-in-the-app`,
        ...inv.model
          .ofType('AWS::IAM::Role')
          .map((x) => inv.symbols.attribute(x, 'Arn'))
          .filter((a) => !serving.includes(a)),
      ];
      for (const role of others) {
        const result = ask({
          caller: anything,
          action: 'iam:PassRole',
          resource: role,
          context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
        });
        if (!isDenied(result))
          f.add(
            `iam:PassRole of ${role} (not a serving role) to a model is allowed to ${who}${uncertainty(result)}`,
          );
      }
    }
    return applies ? f.result() : NOT_APPLICABLE;
  },
};
