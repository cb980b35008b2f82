/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { INTERFACE_ENDPOINT_SERVICES } from '../../../config/schema';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { where } from '../events/render';
import { findings } from '../findings';

/**
 * The names a project VPC needs to resolve: S3 in its region and globally (buckets are subdomains) and the private
 * DNS names of the allowlisted interface endpoints (`sagemaker.api` → `api.sagemaker.<region>...`,
 * `ecr.dkr` → `*.dkr.ecr.<region>...`), each as the name itself or its subdomains.
 */
function allowedName(domain: string, region: string): boolean {
  const name = domain.replace(/\.$/, '').toLowerCase();
  const regionPart = region === 'REGION' ? '[a-z0-9-]+' : region.replace(/[.-]/g, '\\$&');
  const bases = ['s3', ...INTERFACE_ENDPOINT_SERVICES.map((s) => s.split('.').reverse().join('.'))];
  // S3 also answers on its global name (the SDKs ask it for a bucket's region).
  const global = /^(\*\.)?s3\.amazonaws\.com(\.cn)?$/.test(name);
  return (
    global ||
    bases.some((base) =>
      new RegExp(`^(\\*\\.)?${base.replace(/\./g, '\\.')}\\.${regionPart}\\.amazonaws\\.com(\\.cn)?$`).test(
        name,
      ),
    )
  );
}

interface OrderedRule {
  readonly group: ModelResource;
  readonly rule: Json;
}

/**
 * A priority as CloudFormation will set it; one the template leaves open (a parameter, `Fn::If`) may
 * be any number, so it is taken to come first.
 */
function priority(value: Json): number {
  const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : -Infinity;
}

/** The firewall rules a query meets, in order: associations by priority, then rules by priority. */
function orderedRules(model: AppModel, vpc: ModelResource): { rules: OrderedRule[]; unknown: string[] } {
  const associations = model
    .ofType('AWS::Route53Resolver::FirewallRuleGroupAssociation')
    .filter((a) => model.alwaysRefersTo(a.props.VpcId, vpc, a.stack))
    .sort((a, b) => priority(a.props.Priority) - priority(b.props.Priority));
  const rules: OrderedRule[] = [];
  const unknown: string[] = [];
  for (const a of associations) {
    const group = model.deref(a.props.FirewallRuleGroupId, a.stack);
    if (!group || group.type !== 'AWS::Route53Resolver::FirewallRuleGroup') {
      unknown.push(`association ${a.logicalId} applies a rule group outside the app`);
      continue;
    }
    const sorted = [...asArray(group.props.FirewallRules)].sort(
      (x, y) => priority(x?.Priority) - priority(y?.Priority),
    );
    rules.push(...sorted.map((rule) => ({ group, rule })));
  }
  return { rules, unknown };
}

/** The domains of a rule's list, or undefined when they cannot be read (a file, a managed list). */
function domainsOf(model: AppModel, r: OrderedRule): string[] | undefined {
  const list = model.deref(r.rule?.FirewallDomainListId, r.group.stack);
  if (
    !list ||
    list.type !== 'AWS::Route53Resolver::FirewallDomainList' ||
    list.props.DomainFileUrl !== undefined
  )
    return undefined;
  return asArray(list.props.Domains).map(flatten);
}

/** Blocks every name, every query type: the catch-all that ends the allowlist. */
function blocksEverything(model: AppModel, r: OrderedRule): boolean {
  return (
    r.rule?.Action === 'BLOCK' && r.rule?.Qtype === undefined && (domainsOf(model, r) ?? []).includes('*')
  );
}

/** Why the VPC's DNS firewall does not block every name outside the allowlist (empty when it does). */
export function firewallGaps(model: AppModel, vpc: ModelResource): string[] {
  const { rules, unknown } = orderedRules(model, vpc);
  if (rules.length === 0 && unknown.length === 0) return ['no DNS firewall rule group is associated'];
  const region = where(vpc.stack).region;
  const gaps = [...unknown];
  const end = rules.findIndex((r) => blocksEverything(model, r));
  if (end < 0) gaps.push('no rule blocks every other name (BLOCK on a list of "*", every query type)');
  for (const r of end < 0 ? rules : rules.slice(0, end)) {
    if (r.rule?.Action === 'BLOCK') continue;
    const domains = domainsOf(model, r);
    const where_ = `${r.group.logicalId} priority ${flatten(r.rule?.Priority)}`;
    if (domains === undefined)
      gaps.push(`${flatten(r.rule?.Action)} rule ${where_} on a list that cannot be read`);
    else {
      const outside = domains.filter((d) => !allowedName(d, region));
      if (outside.length > 0)
        gaps.push(`${flatten(r.rule?.Action)} rule ${where_} lets ${outside.join(', ')} resolve`);
    }
  }
  return gaps;
}

export const DnsFirewall: IsolationRule = {
  id: 'DNS2',
  control: 1,
  types: ['AWS::EC2::VPC'],
  info: "The VPC's DNS firewall does not answer only the project's AWS service names and block every other name.",
  explanation:
    "DNS is an egress channel from any VPC: a query for <data>.attacker.example reaches the attacker's name server. " +
    'Associate a Route 53 Resolver DNS Firewall rule group with the VPC whose rules, in priority order, ALLOW only ' +
    'the S3 names of the region and the private DNS names of the allowlisted interface endpoints, then BLOCK a ' +
    'domain list of "*" for every query type, with no rule group of higher precedence that allows more (DnsFirewall does this).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(firewallGaps(model, r));
  },
};
