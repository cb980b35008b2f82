import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface DnsFirewallProps {
  readonly vpc: ec2.IVpc;
  /** Interface endpoint services the project opted into (`sagemaker.api`, `sts`, ...); their names resolve. */
  readonly interfaceEndpoints: readonly string[];
  /** Encrypts the query log group: the project's logs and audit key. */
  readonly encryptionKey: kms.IKey;
  /** Days the query log is kept. */
  readonly retentionDays: number;
}

/** The DNS names of an interface endpoint service with private DNS, in a region. */
export function endpointDomains(service: string, region: string): string[] {
  const [first, second] = service.split('.');
  if (service === 'ecr.dkr') return [`*.dkr.ecr.${region}.amazonaws.com`];
  // sagemaker.api → api.sagemaker.<region>.amazonaws.com; sts → sts.<region>.amazonaws.com
  return [second ? `${second}.${first}.${region}.amazonaws.com` : `${first}.${region}.amazonaws.com`];
}

/**
 * The names the project VPC may resolve: S3 in its region (the gateway endpoint; buckets are
 * addressed as subdomains), S3's global names (SDKs use them to find a bucket's region; AWS answers
 * them, and the endpoint policy admits only the project's buckets) and the interface endpoints the
 * project opted into. Everything else is blocked.
 */
export function allowedDomains(region: string, interfaceEndpoints: readonly string[]): string[] {
  return [
    `s3.${region}.amazonaws.com`,
    `*.s3.${region}.amazonaws.com`,
    's3.amazonaws.com',
    '*.s3.amazonaws.com',
    ...interfaceEndpoints.flatMap((s) => endpointDomains(s, region)),
  ];
}

/** Rule-group priorities: the allowlist first, then the catch-all block. */
const ALLOW_PRIORITY = 100;
const BLOCK_PRIORITY = 200;

/**
 * Route 53 Resolver DNS Firewall on the project VPC: DNS is an egress channel from any VPC (a query
 * name carries data to whoever answers the domain), and flow logs do not show it. The rule group
 * answers only the project's AWS service names and blocks every other name with NXDOMAIN; every
 * query is logged to a log group encrypted with the logs key. The VPC's firewall configuration keeps
 * AWS's default, fail closed (a query the firewall cannot judge is refused); switching it to fail
 * open (UpdateFirewallConfig) raises an alert.
 */
export class DnsFirewall extends Construct {
  public readonly ruleGroup: route53resolver.CfnFirewallRuleGroup;
  public readonly queryLogGroup: EncryptedLogGroup;
  public readonly domains: string[];

  constructor(scope: Construct, id: string, props: DnsFirewallProps) {
    super(scope, id);
    const { region, account, partition } = Stack.of(this);
    this.domains = allowedDomains(region, props.interfaceEndpoints);

    const allowed = new route53resolver.CfnFirewallDomainList(this, 'AllowedDomains', {
      domains: this.domains,
    });
    const everything = new route53resolver.CfnFirewallDomainList(this, 'AllDomains', { domains: ['*'] });
    this.ruleGroup = new route53resolver.CfnFirewallRuleGroup(this, 'RuleGroup', {
      firewallRules: [
        {
          priority: ALLOW_PRIORITY,
          action: 'ALLOW',
          firewallDomainListId: allowed.attrId,
          // S3 and endpoint names answer through CNAMEs outside the list; trust the chain they start.
          firewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN',
        },
        {
          priority: BLOCK_PRIORITY,
          action: 'BLOCK',
          blockResponse: 'NXDOMAIN',
          firewallDomainListId: everything.attrId,
        },
      ],
    });
    new route53resolver.CfnFirewallRuleGroupAssociation(this, 'Association', {
      firewallRuleGroupId: this.ruleGroup.attrId,
      vpcId: props.vpc.vpcId,
      priority: 101,
      // Protection from disassociation would also stop CloudFormation replacing it; the Monitoring
      // stack alerts on any change instead.
      mutationProtection: 'DISABLED',
    });
    this.queryLogGroup = new EncryptedLogGroup(this, 'QueryLogs', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.retentionDays,
    });
    const groupArn = this.queryLogGroup.logGroup.logGroupArn;
    // Query logs are vended logs: the delivery service writes them, for this account only. CloudWatch
    // Logs allows 10 resource policies per account and region; each project uses one.
    const delivery = new logs.CfnResourcePolicy(this, 'QueryLogDelivery', {
      policyName: `isotrain-dns-query-logs-${Stack.of(this).stackName}`,
      policyDocument: Stack.of(this).toJsonString({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Route53ResolverQueryLogDelivery',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${groupArn}:*`,
            Condition: {
              StringEquals: { 'aws:SourceAccount': account },
              ArnLike: { 'aws:SourceArn': `arn:${partition}:logs:${region}:${account}:*` },
            },
          },
        ],
      }),
    });
    const queryLog = new route53resolver.CfnResolverQueryLoggingConfig(this, 'QueryLogging', {
      destinationArn: groupArn,
    });
    queryLog.node.addDependency(delivery);
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(this, 'QueryLoggingAssociation', {
      resolverQueryLogConfigId: queryLog.attrId,
      resourceId: props.vpc.vpcId,
    });
  }
}
