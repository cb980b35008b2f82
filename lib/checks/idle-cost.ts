/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { SERVING_INSTANCE_PRICES } from '../contract';
import { Json, asArray } from './cfn';

/** List prices the estimate assumes (USD, eu-west-1/us-east-1, 730 hours a month). */
export const UNIT_PRICES = {
  hoursPerMonth: 730,
  kmsKeyMonth: 1.0,
  interfaceEndpointHour: 0.01,
  natGatewayHour: 0.045,
  transitGatewayAttachmentHour: 0.05,
  vpnConnectionHour: 0.05,
  publicIpv4Hour: 0.005,
  logsIngestionGb: 0.5,
  logsStorageGbMonth: 0.03,
  trailManagementEventsGbMonth: 0.05,
  dnsFirewallDomainMonth: 0.0006,
  dnsFirewallMillionQueries: 0.6,
} as const;

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly monthly: number;
  readonly logicalIds: readonly string[];
}

export interface IdleCost {
  readonly lines: readonly CostLine[];
  /** In the keys' first year. */
  readonly total: number;
  /** From the keys' third year: yearly rotation adds $1 per key-month for each of the first two rotations. */
  readonly totalFromYear3: number;
  readonly assumptions: readonly string[];
  /**
   * Served models (issue 12), apart: billed every hour an endpoint exists, whether or not it is
   * called. Empty for a project without endpoints.
   */
  readonly serving: readonly CostLine[];
  readonly servingTotal: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The fixed monthly cost of a project's templates when no job runs: what is billed by the hour or
 * the month whatever the traffic. Data storage and per-request charges are left out (they follow use).
 */
export function idleCost(templates: readonly Json[]): IdleCost {
  const resources = templates.flatMap((t) => Object.entries<Json>(t?.Resources ?? {}));
  const ofType = (type: string, pred: (r: Json) => boolean = () => true) =>
    resources.filter(([, r]) => r?.Type === type && pred(r));
  const P = UNIT_PRICES;
  const hourly = (price: number) => price * P.hoursPerMonth;
  const lines: CostLine[] = [];
  const line = (
    item: string,
    found: [string, Json][],
    quantity: number,
    unitPrice: string,
    monthly: number,
  ) => {
    if (found.length > 0)
      lines.push({
        item,
        quantity,
        unitPrice,
        monthly: round(monthly),
        logicalIds: found.map(([id]) => id).sort(),
      });
  };

  const keys = ofType('AWS::KMS::Key');
  line(
    'KMS customer-managed keys',
    keys,
    keys.length,
    `$${P.kmsKeyMonth.toFixed(2)} per key-month`,
    keys.length * P.kmsKeyMonth,
  );

  const interfaces = ofType('AWS::EC2::VPCEndpoint', (r) => r.Properties?.VpcEndpointType === 'Interface');
  const endpointAzs = interfaces.reduce(
    (n, [, r]) => n + Math.max(1, asArray(r.Properties?.SubnetIds).length),
    0,
  );
  line(
    'Interface VPC endpoints (per endpoint per AZ)',
    interfaces,
    endpointAzs,
    `$${P.interfaceEndpointHour}/hour = $${hourly(P.interfaceEndpointHour).toFixed(2)} per endpoint-AZ-month`,
    endpointAzs * hourly(P.interfaceEndpointHour),
  );
  const nats = ofType('AWS::EC2::NatGateway');
  line(
    'NAT gateways',
    nats,
    nats.length,
    `$${P.natGatewayHour}/hour = $${hourly(P.natGatewayHour).toFixed(2)} per month`,
    nats.length * hourly(P.natGatewayHour),
  );
  const tgw = [
    ...ofType('AWS::EC2::TransitGatewayAttachment'),
    ...ofType('AWS::EC2::TransitGatewayVpcAttachment'),
  ];
  line(
    'Transit gateway attachments',
    tgw,
    tgw.length,
    `$${P.transitGatewayAttachmentHour}/hour`,
    tgw.length * hourly(P.transitGatewayAttachmentHour),
  );
  const vpn = ofType('AWS::EC2::VPNConnection');
  line(
    'Site-to-site VPN connections',
    vpn,
    vpn.length,
    `$${P.vpnConnectionHour}/hour`,
    vpn.length * hourly(P.vpnConnectionHour),
  );
  const eips = ofType('AWS::EC2::EIP');
  line(
    'Public IPv4 addresses',
    eips,
    eips.length,
    `$${P.publicIpv4Hour}/hour`,
    eips.length * hourly(P.publicIpv4Hour),
  );

  // Trails with advanced selectors only (the serving invocation trail) record no management events.
  const trails = ofType('AWS::CloudTrail::Trail', (r) => r.Properties?.AdvancedEventSelectors === undefined);
  const trailToLogs = trails.filter(([, r]) => r.Properties?.CloudWatchLogsLogGroupArn !== undefined);
  line(
    'CloudTrail management events into CloudWatch Logs (baseline)',
    trailToLogs,
    trailToLogs.length,
    `${P.trailManagementEventsGbMonth} GB/month × ($${P.logsIngestionGb}/GB ingestion + $${P.logsStorageGbMonth}/GB-month storage)`,
    trailToLogs.length * P.trailManagementEventsGbMonth * (P.logsIngestionGb + P.logsStorageGbMonth),
  );
  line(
    'CloudTrail trails (management events, first copy)',
    trails,
    trails.length,
    'free; S3 data events $0.10 per 100,000, none when idle',
    0,
  );
  const gateways = ofType('AWS::EC2::VPCEndpoint', (r) => r.Properties?.VpcEndpointType !== 'Interface');
  line('S3 gateway endpoint', gateways, gateways.length, 'free', 0);
  const flowLogs = ofType('AWS::EC2::FlowLog');
  line(
    'VPC flow logs',
    flowLogs,
    flowLogs.length,
    `$${P.logsIngestionGb}/GB ingested; no traffic when idle`,
    0,
  );

  // DNS Firewall bills the domains stored in its lists every month and the queries it inspects;
  // an idle VPC sends none, and their query logs follow use too.
  const domainLists = ofType('AWS::Route53Resolver::FirewallDomainList');
  const domains = domainLists.reduce(
    (n, [, r]) => n + (Array.isArray(r.Properties?.Domains) ? (r.Properties.Domains as unknown[]).length : 0),
    0,
  );
  line(
    'Route 53 Resolver DNS Firewall (domains in its lists)',
    domainLists,
    domains,
    `$${P.dnsFirewallDomainMonth} per domain-month; $${P.dnsFirewallMillionQueries} per million queries, none when idle`,
    round(domains * P.dnsFirewallDomainMonth),
  );

  const total = round(lines.reduce((n, l) => n + l.monthly, 0));
  const serving = servingCost(resources);
  const rotating = keys.filter(
    ([, r]) => r.Properties?.EnableKeyRotation === true || r.Properties?.EnableKeyRotation === 'true',
  );
  return {
    lines,
    total,
    totalFromYear3: round(total + 2 * rotating.length * P.kmsKeyMonth),
    assumptions: [
      `${P.hoursPerMonth} hours a month; list prices in eu-west-1 (us-east-1 is the same or lower for these items).`,
      `KMS: $${P.kmsKeyMonth.toFixed(2)} per key-month; with yearly rotation each of the first two rotations adds $1 per key-month (capped since April 2024), so a key costs up to $3 a month from its third year.`,
      `CloudTrail management events delivered to CloudWatch Logs: assumed ${P.trailManagementEventsGbMonth} GB a month for a quiet project account.`,
      'Not included: stored data (S3 Standard $0.023 per GB-month), KMS and S3 requests, training instances — they follow use, not idle time.',
      ...(serving.length > 0
        ? [
            'Serving (apart): SageMaker real-time inference list prices per instance-hour (us-east-1; eu-west-1 is up to about 10% higher), billed every hour an endpoint exists, called or not. Invocations, captured data and invocation data events ($0.10 per 100,000) follow use.',
          ]
        : []),
    ],
    serving,
    servingTotal: round(serving.reduce((n, l) => n + l.monthly, 0)),
  };
}

/** Each endpoint config's instances, by the hour, all month; unknown types are priced at zero and say so. */
function servingCost(resources: [string, Json][]): CostLine[] {
  const prices: Record<string, number> = SERVING_INSTANCE_PRICES;
  const lines: CostLine[] = [];
  for (const [id, r] of resources) {
    if (r?.Type !== 'AWS::SageMaker::EndpointConfig') continue;
    for (const v of asArray(r.Properties?.ProductionVariants)) {
      const type = String(v?.InstanceType ?? 'serverless');
      const count = Number(v?.InitialInstanceCount ?? 0);
      const price = prices[type];
      lines.push({
        item: `SageMaker endpoint instances (${type})`,
        quantity: count,
        unitPrice:
          price === undefined
            ? 'not in the price table (counted as $0)'
            : `$${price}/hour = $${(price * UNIT_PRICES.hoursPerMonth).toFixed(2)} per instance-month`,
        monthly: round(count * (price ?? 0) * UNIT_PRICES.hoursPerMonth),
        logicalIds: [id],
      });
    }
  }
  return lines;
}
