import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AppModel } from './model';
import { ISOLATION_RULES } from './rules';

export const ISOLATION_PACK = 'Isolation';

/**
 * The Isolation pack: one rule per way data could leave an isotrain project. Rules read the resolved
 * CloudFormation properties of each resource (so CfnInclude'd templates are checked the same way) and
 * follow references across the whole app. Run it after synthesis (as cdk does): tags, and with them
 * the `isotrain:purpose` of buckets and keys, are applied during synthesis.
 */
export class IsolationChecks extends NagPack {
  public readonly name = ISOLATION_PACK;
  public override readonly ruleIds = ISOLATION_RULES.map((r) => `${ISOLATION_PACK}-${r.id}`);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = ISOLATION_PACK;
  }

  public override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    AppModel.reset(scope);
    try {
      return super.validateScope(scope);
    } finally {
      AppModel.reset(scope);
    }
  }

  protected checkResource(node: CfnResource): void {
    const type = node.cfnResourceType;
    for (const rule of ISOLATION_RULES) {
      if (!rule.types.includes(type)) continue;
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        node,
        rule: rule.check,
      });
    }
  }
}
