/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
/**
 * Isolation-SERVE4: an endpoint's invoker role invokes that endpoint and does nothing else, and only
 * its consumers can become it, as AWS would decide it.
 *
 * For every role tagged `isotrain:purpose=serving-invoker`, with its own policies:
 * - sagemaker:InvokeEndpoint must be allowed on one endpoint of the templates at most, and not on an
 *   endpoint the templates do not define (another project's, or one created later);
 * - every other probe (hosting changes, asynchronous invocation, data reads, key use, passing or
 *   assuming roles, an action AWS has not invented yet) must not be allowed;
 * - sts:AssumeRole on it must be denied to an unknown administrator of the account and to every other
 *   role and user of the templates holding an administrator policy: only the principals the project
 *   file names as consumers (outside the templates) may assume it.
 */
import { CfnResource } from 'aws-cdk-lib';
import { SERVING_PURPOSES } from '../../../contract';
import { isAllowed, isDenied } from '../../iam';
import { ask, callerClasses } from '../../access/ask';
import { holding, unknownAdmin } from '../../access/callers';
import { ADMINISTRATOR } from '../../access/documents';
import { Findings, uncertainty, whoLabel } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

export const INVOKE_ENDPOINT = 'sagemaker:InvokeEndpoint';

/** What an invoker must never be allowed, on any resource. */
export const INVOKER_PROBES: readonly string[] = [
  'sagemaker:InvokeEndpointAsync',
  'sagemaker:CreateEndpoint',
  'sagemaker:UpdateEndpoint',
  'sagemaker:CreateModel',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:CreateFutureThing',
  's3:GetObject',
  'kms:Decrypt',
  'iam:PassRole',
  'sts:AssumeRole',
  'logs:GetLogEvents',
];

export const ServingInvokerScope: IsolationRule = {
  id: 'SERVE4',
  control: 11,
  types: ['AWS::IAM::Role'],
  info: 'An invoker role may invoke more than its endpoint, do anything else, or be assumed by principals other than its consumers.',
  explanation:
    'Give each endpoint its own invoker role (InvokerRole in constructs/serving): a trust policy naming only the ' +
    'consumers of the project file by ARN (never the account root), and one Allow of sagemaker:InvokeEndpoint ' +
    '(and InvokeEndpointWithResponseStream) on that endpoint ARN. Anything more widens who can query the model.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const role = inv.get(node);
    if (inv.purpose(role) !== SERVING_PURPOSES.invokerRole) return NOT_APPLICABLE;
    const f = new Findings();
    const caller = inv.caller(role);
    const account = inv.symbols.account(role);
    const region = inv.symbols.region(role);
    const endpointArn = (name: string) =>
      `arn:${inv.symbols.partition}:sagemaker:${region}:${account}:endpoint/${name}`;
    const endpoints = inv.model
      .ofType('AWS::SageMaker::Endpoint')
      .map((e) => inv.symbols.resolve(e.props.EndpointName ?? inv.symbols.ref(e), e.stack));
    const invocable = endpoints.filter((name) => {
      const result = ask({ caller, action: INVOKE_ENDPOINT, resource: endpointArn(name) });
      if (!result.certain) f.add(`InvokeEndpoint on ${name} depends on a value the templates do not resolve`);
      return isAllowed(result);
    });
    if (invocable.length > 1)
      f.add(`InvokeEndpoint is allowed on ${invocable.length} endpoints: ${invocable.join(', ')}`);
    const stranger = ask({ caller, action: INVOKE_ENDPOINT, resource: endpointArn(`${PROBE}-elsewhere`) });
    if (!isDenied(stranger) && (isAllowed(stranger) || !stranger.certain))
      f.add(`InvokeEndpoint is allowed on an endpoint the templates do not define${uncertainty(stranger)}`);
    // On any resource: *, and each endpoint (InvokeEndpointAsync on its own endpoint is still more).
    const resources = ['*', ...endpoints.map(endpointArn), endpointArn(`${PROBE}-elsewhere`)];
    for (const action of INVOKER_PROBES) {
      const result = resources
        .map((resource) => ask({ caller, action, resource }))
        .find((x) => isAllowed(x) || !x.certain);
      if (result) f.add(`${action} is allowed${uncertainty(result)}`);
    }
    const trust = inv.trustPolicy(role);
    const inside = [
      unknownAdmin(account),
      ...inv
        .callers()
        .filter((c) => c.resource !== role)
        .map((c) => holding(c, [ADMINISTRATOR])),
    ];
    const resource = inv.symbols.attribute(role, 'Arn');
    for (const group of callerClasses(inside, [trust], () => '')) {
      const result = ask({
        caller: group[0],
        action: 'sts:AssumeRole',
        resource,
        resourcePolicy: trust,
        kind: 'role-trust',
      });
      if (!isDenied(result)) f.add(`sts:AssumeRole by ${whoLabel(group)}${uncertainty(result)}`);
    }
    return f.result();
  },
};
