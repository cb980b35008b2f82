/* eslint-disable @typescript-eslint/no-unsafe-argument -- resolved properties are untyped JSON */
import { CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Json, transformName } from '../../cfn';
import { EVERY_TYPE, IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

/** Types that make CloudFormation deploy a template other than the one checked. */
const OTHER_TEMPLATES: Readonly<Record<string, string>> = {
  'AWS::CloudFormation::Stack': 'a nested stack: its template is not among the checked ones',
  'AWS::CloudFormation::StackSet': 'a StackSet: it deploys a template into other accounts or regions',
  'AWS::ServiceCatalog::CloudFormationProvisionedProduct':
    'a provisioned product: it deploys a Service Catalog product template no check has read',
};

/** Where a value holds `Fn::Transform`: CloudFormation replaces it with a macro's output at deploy. */
function transformsIn(value: Json, at: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => transformsIn(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries<Json>(value)) {
      if (k === 'Fn::Transform') out.push(`${at || 'Properties'}: Fn::Transform ${transformName(v)}`);
      else transformsIn(v, at ? `${at}.${k}` : k, out);
    }
  }
  return out;
}

/** A CDK nested stack of the checked app: its resources are in the construct tree, checked as well. */
const isCheckedNestedStack = (node: CfnResource): boolean =>
  node.node.root.node.findAll().some((c) => NestedStack.isNestedStack(c) && c.nestedStackResource === node);

/** The first resource of a stack in construct order: where findings about the whole template go. */
const firstResource = (stack: Stack): CfnResource | undefined =>
  stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c) && Stack.of(c) === stack);

export const CheckedIsDeployed: IsolationRule = {
  id: 'CFN1',
  control: 15,
  types: [EVERY_TYPE],
  info: 'CloudFormation would deploy something the check has not read: a Transform or macro, Fn::Transform, a module, a nested stack, a StackSet or a provisioned product.',
  explanation:
    'What a transform (AWS::Include, AWS::Serverless, AWS::LanguageExtensions, a macro) or a module makes of a ' +
    'template, and the templates of nested stacks, StackSets and Service Catalog products, exist only at deploy ' +
    'time: a way out in them passes every rule here. Check the processed template instead (`aws cloudformation ' +
    'get-template --template-stage Processed`, or what `sam` or `cdk synth` writes) and give nested templates as ' +
    'templates of their own; CDK nested stacks of a checked app are checked with it.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const reasons: string[] = [];
    const transforms = r.stack.templateOptions.transforms ?? [];
    if (transforms.length > 0 && firstResource(r.stack) === node)
      reasons.push(`the template's Transform ${transforms.join(', ')}`);
    if (/::MODULE$/.test(r.type)) reasons.push(`a module (${r.type}): it expands into resources at deploy`);
    const other = OTHER_TEMPLATES[r.type];
    if (other && !(r.type === 'AWS::CloudFormation::Stack' && isCheckedNestedStack(node)))
      reasons.push(other);
    reasons.push(...transformsIn(r.props, ''));
    return findings(reasons);
  },
};
