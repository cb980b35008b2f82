/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
import { CfnResource, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Json } from './cfn';

/** Template metadata key cdk-nag v2 tooling reads; `isotrain check --template` honours it. */
export const NAG_METADATA_KEY = 'cdk_nag';

export interface Acknowledgment {
  readonly id: string;
  readonly reason: string;
}

/** The acknowledgments written in a resource's template metadata. */
export function readAcknowledgments(resource: CfnResource): Acknowledgment[] {
  const meta: Json = resource.getMetadata(NAG_METADATA_KEY);
  return (Array.isArray(meta?.rules_to_suppress) ? meta.rules_to_suppress : [])
    .filter((a: Json) => typeof a?.id === 'string')
    .map((a: Json) => ({ id: a.id, reason: String(a.reason ?? '') }));
}

/** Turns template-metadata acknowledgments into cdk-nag 3 acknowledgments, resource by resource. */
export function honourTemplateAcknowledgments(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    for (const a of readAcknowledgments(c)) Validations.of(c).acknowledge({ id: a.id, reason: a.reason });
  }
}
