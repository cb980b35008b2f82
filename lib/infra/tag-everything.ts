import { Aspects, CfnResource, IAspect, Tags, TagManager } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Types CDK's custom-resource providers create as plain CfnResources, out of the Tags aspect's reach. */
const PROVIDER_TYPES = new Set(['AWS::IAM::Role', 'AWS::Lambda::Function']);

/**
 * Adds the tags to the roles and functions behind CDK's custom resources too: they are generic
 * CfnResources, which `Tags.of()` skips, and untagged resources hide from cost and ownership reports.
 */
class TagProviderResources implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || TagManager.isTaggable(node)) return;
    if (!PROVIDER_TYPES.has(node.cfnResourceType)) return;
    node.addPropertyOverride(
      'Tags',
      Object.entries(this.tags).map(([Key, Value]) => ({ Key, Value })),
    );
  }
}

/** Tags every resource of a scope, including CDK's custom-resource providers. */
export function tagEverything(scope: IConstruct, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
  Aspects.of(scope).add(new TagProviderResources(tags));
}
