/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Json } from './cfn';

/** Template metadata key cdk-nag v2 tooling reads; `isotrain check --template` honours it for the AWS packs. */
export const NAG_METADATA_KEY = 'cdk_nag';

/** Rules a template's own metadata may not acknowledge: they judge the template itself. */
export const UNACKNOWLEDGEABLE_IN_TEMPLATE = /^Isolation-/i;

export interface Acknowledgment {
  readonly id: string;
  readonly reason: string;
}

/** An acknowledgment a template wrote for itself that was not honoured, and why. */
export interface IgnoredAcknowledgment {
  readonly rule: string;
  readonly reason: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly project?: string;
  /** Where the resource is defined, when known. */
  readonly file?: string;
  readonly line?: number;
}

/** The acknowledgments written in a resource's template metadata. */
export function readAcknowledgments(resource: CfnResource): Acknowledgment[] {
  const meta: Json = resource.getMetadata(NAG_METADATA_KEY);
  return (Array.isArray(meta?.rules_to_suppress) ? meta.rules_to_suppress : [])
    .filter((a: Json) => typeof a?.id === 'string')
    .map((a: Json) => ({ id: a.id, reason: String(a.reason ?? '') }));
}

/**
 * Turns template-metadata acknowledgments into cdk-nag 3 acknowledgments, resource by resource:
 * cdk-nag's own mechanism for the AWS packs. Acknowledgments of Isolation rules are left out and
 * returned: those live in the reviewed acknowledgments file only.
 */
export function honourTemplateAcknowledgments(scope: IConstruct): IgnoredAcknowledgment[] {
  const ignored: IgnoredAcknowledgment[] = [];
  for (const c of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    for (const a of readAcknowledgments(c)) {
      if (UNACKNOWLEDGEABLE_IN_TEMPLATE.test(a.id)) {
        const stack = Stack.of(c);
        ignored.push({
          rule: a.id,
          reason: a.reason,
          stackName: stack.stackName,
          logicalId: stack.resolve(c.logicalId) as string,
        });
      } else Validations.of(c).acknowledge({ id: a.id, reason: a.reason });
    }
  }
  return ignored;
}
