/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { findings, named } from '../findings';

/** Why a resolver rule sends queries somewhere other than the Route 53 Resolver (undefined: it does not). */
function forwards(rule: ModelResource | undefined): string | undefined {
  if (!rule || rule.type !== 'AWS::Route53Resolver::ResolverRule') return 'a resolver rule outside the app';
  return rule.props.RuleType === 'SYSTEM'
    ? undefined
    : `${flatten(rule.props.RuleType)} rule ${rule.logicalId}`;
}

function dnsWayOut(model: AppModel, r: ModelResource): string[] {
  const p = r.props;
  switch (r.type) {
    case 'AWS::Route53Resolver::ResolverEndpoint':
      return p.Direction === 'INBOUND'
        ? []
        : [`${flatten(p.Direction) || 'unknown'} resolver endpoint: queries leave the VPC`];
    case 'AWS::Route53Resolver::ResolverRule': {
      const why = forwards(r);
      return why ? [`${why} sends ${flatten(p.DomainName) || 'queries'} to other servers`] : [];
    }
    case 'AWS::Route53Resolver::ResolverRuleAssociation': {
      const why = forwards(model.deref(p.ResolverRuleId, r.stack));
      return why ? [`associates ${why}`] : [];
    }
    case 'AWS::EC2::VPCDHCPOptionsAssociation': {
      const options = model.deref(p.DhcpOptionsId, r.stack);
      if (!options || options.type !== 'AWS::EC2::DHCPOptions') return ['DHCP options outside the app'];
      const servers = asArray(options.props.DomainNameServers).map(flatten);
      return servers.length === 0 || servers.every((s) => s === 'AmazonProvidedDNS')
        ? []
        : [`DHCP options ${options.logicalId} name servers ${servers.join(', ')} bypass the DNS firewall`];
    }
    case 'AWS::Route53Resolver::FirewallConfig':
      return p.FirewallFailOpen === 'DISABLED' ? [] : ['DNS firewall fails open'];
    case 'AWS::Route53Profiles::ProfileAssociation':
      return ['a Route 53 profile brings its own resolver rules and firewall'];
    case 'AWS::Route53Resolver::OutpostResolver':
      return ['an Outposts resolver'];
    default:
      return [];
  }
}

export const NoDnsWayOut: IsolationRule = {
  id: 'DNS1',
  control: 1,
  types: [
    'AWS::Route53Resolver::ResolverEndpoint',
    'AWS::Route53Resolver::ResolverRule',
    'AWS::Route53Resolver::ResolverRuleAssociation',
    'AWS::EC2::VPCDHCPOptionsAssociation',
    'AWS::Route53Resolver::FirewallConfig',
    'AWS::Route53Profiles::ProfileAssociation',
    'AWS::Route53Resolver::OutpostResolver',
  ],
  info: 'DNS queries can leave the VPC or skip the DNS firewall: an outbound resolver endpoint, a forwarding rule, other name servers, a fail-open firewall or a profile.',
  explanation:
    'A query name carries data to whoever answers it. Outbound resolver endpoints and FORWARD or DELEGATE rules send ' +
    'queries to servers outside AWS, DHCP options with other DomainNameServers bypass the Resolver (and its ' +
    'firewall and query log), FirewallFailOpen ENABLED lets queries through when the firewall cannot judge them, ' +
    'and a Route 53 profile brings rules of its own. Remove them; keep AmazonProvidedDNS and FirewallFailOpen DISABLED.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(dnsWayOut(model, r).map((why) => `${named(r)}: ${why}`));
  },
};
