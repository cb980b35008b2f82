import { Stack } from 'aws-cdk-lib';
import { findingsOf, network, ref, res } from '../coverage-support';

const getAtt = (id: string, attr: string) => ({ 'Fn::GetAtt': [id, attr] });

/** The project's DNS firewall: allow S3 and STS names of the region, then block everything. */
function firewall(
  s: Stack,
  o: { allow?: string[]; block?: Record<string, unknown>; extra?: (s: Stack) => void } = {},
) {
  network(s);
  res(s, 'Allowed', 'AWS::Route53Resolver::FirewallDomainList', {
    Domains: o.allow ?? [
      's3.eu-west-1.amazonaws.com',
      '*.s3.eu-west-1.amazonaws.com',
      'sts.eu-west-1.amazonaws.com',
    ],
  });
  res(s, 'All', 'AWS::Route53Resolver::FirewallDomainList', { Domains: ['*'] });
  res(s, 'Group', 'AWS::Route53Resolver::FirewallRuleGroup', {
    FirewallRules: [
      { Action: 'ALLOW', Priority: 100, FirewallDomainListId: getAtt('Allowed', 'Id') },
      {
        Action: 'BLOCK',
        BlockResponse: 'NXDOMAIN',
        Priority: 200,
        FirewallDomainListId: getAtt('All', 'Id'),
        ...o.block,
      },
    ],
  });
  res(s, 'Assoc', 'AWS::Route53Resolver::FirewallRuleGroupAssociation', {
    FirewallRuleGroupId: getAtt('Group', 'Id'),
    VpcId: ref('Vpc'),
    Priority: 101,
  });
  res(s, 'QueryLogs', 'AWS::Logs::LogGroup', {
    KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1',
    RetentionInDays: 365,
  });
  res(s, 'QueryLog', 'AWS::Route53Resolver::ResolverQueryLoggingConfig', {
    DestinationArn: getAtt('QueryLogs', 'Arn'),
  });
  res(s, 'QueryLogAssoc', 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
    ResolverQueryLogConfigId: getAtt('QueryLog', 'Id'),
    ResourceId: ref('Vpc'),
  });
  o.extra?.(s);
}

describe('Isolation-DNS2 the DNS firewall answers only the project names', () => {
  test('passes the allowlist followed by a block of everything', () => {
    expect(findingsOf((s) => firewall(s))['Isolation-DNS2']).toBeUndefined();
  });
  test('fails without a firewall', () => {
    expect(findingsOf(network)['Isolation-DNS2']).toEqual(['Vpc: no DNS firewall rule group is associated']);
  });
  test('fails when the allowlist names a domain outside AWS', () => {
    expect(
      findingsOf((s) => firewall(s, { allow: ['s3.eu-west-1.amazonaws.com', 'example.org'] }))[
        'Isolation-DNS2'
      ],
    ).toEqual([expect.stringContaining('lets example.org resolve')]);
  });
  test('fails when the allowlist names every AWS service', () => {
    expect(findingsOf((s) => firewall(s, { allow: ['*.amazonaws.com'] }))['Isolation-DNS2']).toEqual([
      expect.stringContaining('*.amazonaws.com'),
    ]);
  });
  test.each([
    [{ Action: 'ALERT' }, 'no rule blocks every other name'],
    [{ Qtype: 'A' }, 'no rule blocks every other name'],
  ])('fails when the catch-all has %j', (block, why) => {
    expect(findingsOf((s) => firewall(s, { block }))['Isolation-DNS2']).toEqual(
      expect.arrayContaining([`Vpc: ${why} (BLOCK on a list of "*", every query type)`]),
    );
  });
  test('fails when the association may apply to another VPC (Fn::If)', () => {
    const f = findingsOf((s) => {
      firewall(s);
      const assoc = s.node.findChild('Assoc') as unknown as {
        addPropertyOverride(p: string, v: unknown): void;
      };
      assoc.addPropertyOverride('VpcId', { 'Fn::If': ['Elsewhere', 'vpc-0123', ref('Vpc')] });
    });
    expect(f['Isolation-DNS2']).toEqual(['Vpc: no DNS firewall rule group is associated']);
  });
  /** The DNS2 findings with a second rule group, allowing every domain, associated at this priority. */
  const openGroupAt = (priority: unknown) =>
    findingsOf((s) =>
      firewall(s, {
        extra: (x) => {
          res(x, 'Open', 'AWS::Route53Resolver::FirewallRuleGroup', {
            FirewallRules: [{ Action: 'ALLOW', Priority: 1, FirewallDomainListId: getAtt('All', 'Id') }],
          });
          res(x, 'OpenAssoc', 'AWS::Route53Resolver::FirewallRuleGroupAssociation', {
            FirewallRuleGroupId: getAtt('Open', 'Id'),
            VpcId: ref('Vpc'),
            Priority: priority,
          });
        },
      }),
    )['Isolation-DNS2'];
  test('fails when a rule group of higher precedence allows everything', () => {
    expect(openGroupAt(100)).toEqual([expect.stringContaining('Open priority 1 lets * resolve')]);
  });
  test('passes a rule group that allows more after the catch-all block', () => {
    expect(openGroupAt(9000)).toBeUndefined();
  });
  test('fails when such a group may come first: its priority is left to a condition', () => {
    expect(openGroupAt({ 'Fn::If': ['Early', 100, 9000] })).toEqual([
      expect.stringContaining('Open priority 1 lets * resolve'),
    ]);
  });
});

describe('Isolation-DNS3 query logging', () => {
  test('passes logging into an encrypted log group of the app', () => {
    expect(findingsOf((s) => firewall(s))['Isolation-DNS3']).toBeUndefined();
  });
  test('fails without query logging', () => {
    expect(findingsOf(network)['Isolation-DNS3']).toEqual(['Vpc: no query logging']);
  });
  test('fails when the log group is not encrypted', () => {
    const f = findingsOf((s) =>
      firewall(s, {
        extra: (x) =>
          (
            x.node.findChild('QueryLogs') as unknown as { addPropertyDeletionOverride(p: string): void }
          ).addPropertyDeletionOverride('KmsKeyId'),
      }),
    );
    expect(f['Isolation-DNS3']).toEqual([expect.stringContaining('not an encrypted log group')]);
  });
  test('passes a second query log into a bucket of the app', () => {
    const f = findingsOf((s) => {
      firewall(s);
      res(s, 'Archive', 'AWS::S3::Bucket', {});
      res(s, 'Second', 'AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        DestinationArn: { 'Fn::GetAtt': ['Archive', 'Arn'] },
      });
    });
    expect(f['Isolation-DNS3']).toBeUndefined();
  });
  test("fails when a query log delivers to another account's bucket", () => {
    const f = findingsOf((s) => {
      firewall(s);
      res(s, 'Second', 'AWS::Route53Resolver::ResolverQueryLoggingConfig', {
        DestinationArn: 'arn:aws:s3:::somebody-elses-dns-logs',
      });
    });
    expect(f['Isolation-DNS3']).toEqual([
      'Second: logs query names to arn:aws:s3:::somebody-elses-dns-logs, not a log group or bucket of the app',
    ]);
  });
});

describe('Isolation-DNS1 DNS ways out', () => {
  const one = (type: string, props: Record<string, unknown>) =>
    findingsOf((s) => {
      firewall(s);
      res(s, 'X', type, props);
    })['Isolation-DNS1'];
  test('passes an inbound endpoint, a SYSTEM rule and Amazon-provided DNS', () => {
    const f = findingsOf((s) => {
      firewall(s);
      res(s, 'In', 'AWS::Route53Resolver::ResolverEndpoint', {
        Direction: 'INBOUND',
        IpAddresses: [{ SubnetId: ref('SubnetA') }],
      });
      res(s, 'Sys', 'AWS::Route53Resolver::ResolverRule', {
        RuleType: 'SYSTEM',
        DomainName: 'internal.example',
      });
      res(s, 'SysAssoc', 'AWS::Route53Resolver::ResolverRuleAssociation', {
        ResolverRuleId: getAtt('Sys', 'ResolverRuleId'),
        VPCId: ref('Vpc'),
      });
      res(s, 'Dhcp', 'AWS::EC2::DHCPOptions', { DomainNameServers: ['AmazonProvidedDNS'] });
      res(s, 'DhcpAssoc', 'AWS::EC2::VPCDHCPOptionsAssociation', {
        VpcId: ref('Vpc'),
        DhcpOptionsId: ref('Dhcp'),
      });
      res(s, 'Closed', 'AWS::Route53Resolver::FirewallConfig', {
        ResourceId: ref('Vpc'),
        FirewallFailOpen: 'DISABLED',
      });
    });
    expect(f['Isolation-DNS1']).toBeUndefined();
  });
  test.each([
    [
      'AWS::Route53Resolver::ResolverEndpoint',
      { Direction: 'OUTBOUND', IpAddresses: [{ SubnetId: ref('SubnetA') }] },
      'OUTBOUND resolver endpoint',
    ],
    [
      'AWS::Route53Resolver::ResolverRule',
      { RuleType: 'FORWARD', DomainName: 'example.org', TargetIps: [{ Ip: '203.0.113.53' }] },
      'FORWARD rule',
    ],
    [
      'AWS::Route53Resolver::ResolverRuleAssociation',
      { ResolverRuleId: 'rslvr-rr-shared', VPCId: ref('Vpc') },
      'outside the app',
    ],
    [
      'AWS::Route53Resolver::FirewallConfig',
      { ResourceId: ref('Vpc'), FirewallFailOpen: 'ENABLED' },
      'fails open',
    ],
    [
      'AWS::Route53Profiles::ProfileAssociation',
      { ProfileId: 'rp-1', ResourceId: ref('Vpc'), Name: 'p' },
      'profile',
    ],
  ])('fails on %s', (type, props, why) => {
    expect(one(type, props)).toEqual([expect.stringContaining(why)]);
  });
  test('fails on DHCP options naming other servers', () => {
    const f = findingsOf((s) => {
      firewall(s);
      res(s, 'Dhcp', 'AWS::EC2::DHCPOptions', { DomainNameServers: ['10.0.0.2', '203.0.113.53'] });
      res(s, 'DhcpAssoc', 'AWS::EC2::VPCDHCPOptionsAssociation', {
        VpcId: ref('Vpc'),
        DhcpOptionsId: ref('Dhcp'),
      });
    });
    expect(f['Isolation-DNS1']).toEqual([expect.stringContaining('bypass the DNS firewall')]);
  });
});
