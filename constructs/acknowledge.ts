/**
 * Acknowledgments of cdk-nag findings, written on the narrowest construct with a reason a reviewer
 * can check.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
// The IAM5 rule's own flattening of intrinsics (not re-exported from the package root).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { flattenCfnReference } = require('cdk-nag/lib/utils/flatten-cfn-reference') as {
  flattenCfnReference: (value: unknown) => string;
};

/**
 * Acknowledges one finding on the narrowest construct, with a reason a reviewer can check.
 * Each ProjectStage writes it into the template metadata (cdk_nag.rules_to_suppress) for auditors.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for one wildcard resource of a policy. The finding ID is computed
 * the way the rule computes it, so the acknowledgment names exactly the resource it covers.
 */
export function acknowledgeWildcardResource(policy: IConstruct, resource: string, reason: string): void {
  const cfn = policy.node.defaultChild as CfnResource;
  const flat: string = flattenCfnReference(Stack.of(cfn).resolve(resource));
  acknowledge(cfn, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
}

/** The three regulatory packs that share rule names (HIPAA, NIST 800-53 R5, PCI DSS 3.2.1). */
export const REGULATORY_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'] as const;

/** Acknowledges a rule that all three regulatory packs implement under the same name. */
export function acknowledgeRegulatory(scope: IConstruct, rule: string, reason: string): void {
  for (const pack of REGULATORY_PACKS) acknowledge(scope, `${pack}-${rule}`, reason);
}

/**
 * Acknowledges, on the role and handler of a CDK custom-resource provider, the findings that follow
 * from how CDK builds every provider (an inline policy, AWSLambdaBasicExecutionRole, a function
 * invoked synchronously by CloudFormation at deploy time, outside the isolated VPC). The packs do not
 * recognise these resources in the construct tree; `isotrain check` sees them in the templates.
 */
export function acknowledgeCustomResourceProvider(provider: IConstruct, what: string): void {
  const role = provider.node.findChild('Role');
  const handler = provider.node.findChild('Handler');
  acknowledge(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `CDK's custom-resource provider (${what}) attaches AWSLambdaBasicExecutionRole (CloudWatch Logs only) to its handler role; not configurable.`,
  );
  acknowledgeRegulatory(
    role,
    'IAMNoInlinePolicy',
    `CDK's custom-resource provider (${what}) writes its handler's permissions as an inline policy of its own role; not configurable.`,
  );
  for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
    acknowledge(
      handler,
      `${pack}-LambdaConcurrency`,
      `Deploy-time handler (${what}) that CloudFormation invokes once per stack operation; there is no concurrency to limit.`,
    );
    acknowledge(
      handler,
      `${pack}-LambdaDLQ`,
      `Invoked synchronously by CloudFormation (${what}); a failure fails the deployment, there are no asynchronous events to dead-letter.`,
    );
  }
  acknowledgeRegulatory(
    handler,
    'LambdaInsideVPC',
    `Deploy-time handler (${what}) that calls AWS APIs; the project VPC is isolated with no route to them. ` +
      'Isolation-LAMBDA1 proves it can neither read training data or artifacts nor use their keys.',
  );
}
