import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  OBJECT_DATA_READ_ACTIONS,
  OBJECT_TAG_WRITE_ACTIONS,
  OBJECT_WRITE_ACTIONS,
  RELEASE_TAG,
} from '../lib/contract';

/** Who writes, and who else reads, the objects under one key prefix of a private bucket. */
export interface PrefixAccess {
  /** A key prefix such as `datasets/`; objects under it follow this entry. */
  readonly prefix: string;
  /**
   * The only principals that may write objects under the prefix (PutObject, replication writes,
   * annotations), from wherever their own policies allow.
   * @default - nobody writes under the prefix
   */
  readonly writers?: iam.IRole[];
  /**
   * Principals that may also read objects under the prefix through the project endpoint, besides
   * the bucket's `readers` (e.g. a redaction role on raw datasets).
   * @default - only the bucket's readers
   */
  readonly readers?: iam.IRole[];
}

/** One private bucket: who reads it through the endpoint, and the layout of who writes where. */
export interface PrivateBucket {
  readonly bucket: s3.IBucket;
  /** Principals that may read any object through the project endpoint (the training role). */
  readonly readers: iam.IRole[];
  /** Who writes each prefix. Keys outside every prefix listed can be written by nobody. */
  readonly prefixes: PrefixAccess[];
}

export interface S3DataPerimeterProps {
  readonly vpc: ec2.IVpc;
  /** The buckets whose objects are read only through this endpoint, only by their readers. */
  readonly buckets: PrivateBucket[];
  /**
   * The one exception, for released models: on `bucket` (one of the private buckets), an object
   * version tagged `isotrain:release=approved` may also be read from outside, by `deploymentRole`
   * only; `releaseRole` may read evaluation results from outside, and nothing else.
   * @default - no exception: every object read from outside the endpoint is denied
   */
  readonly releaseGate?: ReleaseGateAccess;
  /**
   * The exception for redaction reports (issue 13): on `bucket`, the report objects may also be read
   * from outside the endpoint, with GetObject and GetObjectVersion only, by `reader` only; every
   * redacted file stays inside, whoever asks, even one named like a report.
   * @default - no exception
   */
  readonly redactionReports?: RedactionReportAccess;
}

/**
 * Why reports may leave: `isotrain train` reads them from the caller's machine to record, per channel,
 * what the redaction found. A report holds counts per entity type and per field, never a value; only
 * the redaction role writes under redacted/ (through the endpoint, from jobs of the project's pinned
 * redactor image); and a report is bounded by what that image writes. What is left is in
 * docs/limitations.md: a redactor image that wrote data into a report would make it readable here.
 */
export interface RedactionReportAccess {
  readonly bucket: s3.IBucket;
  /** The one principal that reads reports from outside (the launcher policy lets its holders assume it). */
  readonly reader: iam.IRole;
  /** Object ARNs (patterns) of the reports: `redacted/<...>/<project>--redact-<time>-<hash>/report.json`. */
  readonly reports: string[];
  /** Object ARN (pattern) of every redacted file, `.../<job>/data/*`: denied from outside to everyone. */
  readonly redactedData: string;
}

/** What the report reader may do with a report: read it, and nothing else (no ACL, attributes, torrent...). */
const REPORT_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];

export interface ReleaseGateAccess {
  readonly bucket: s3.IBucket;
  readonly deploymentRole: iam.IRole;
  readonly releaseRole: iam.IRole;
  /** Object ARNs (patterns) the release role may read from outside: the evaluation results. */
  readonly releaseReadable: string[];
  /**
   * Execution roles of the project's SageMaker models (issue 12): they read through the endpoint,
   * like a reader, but only object versions tagged released, and only under `servingReadable`.
   * @default - none
   */
  readonly servingRoles?: iam.IRole[];
  /** Object ARNs (patterns) serving roles may read: the model artifacts. Required with servingRoles. */
  readonly servingReadable?: string[];
}

/** Actions the endpoint admits: what training jobs need to read data and write artifacts. */
const ENDPOINT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:ListBucket',
  's3:GetBucketLocation',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/** A statement ID for a prefix: `base-models/` → `BaseModels`. */
export function prefixSid(prefix: string): string {
  return prefix
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/**
 * The S3 gateway endpoint and the rules that tie the private buckets to it, binding path and
 * principal. The endpoint admits only the buckets' readers and only these buckets. Each bucket
 * denies, for every principal:
 * - any data read (content, copies, replication reads, attributes, annotations, restores) that does
 *   not arrive through the endpoint, and any through it by a principal that is not a reader;
 * - any write under a prefix by a principal that is not its writer, and any write outside the layout;
 * - any tag write through the endpoint or by a reader, so that tags (which run governance and release
 *   read from outside) never carry anything from inside.
 */
export class S3DataPerimeter extends Construct {
  public readonly endpoint: ec2.GatewayVpcEndpoint;

  constructor(scope: Construct, id: string, props: S3DataPerimeterProps) {
    super(scope, id);
    const gate = props.releaseGate;
    if (gate && !props.buckets.some((b) => b.bucket === gate.bucket)) {
      throw new Error(`releaseGate.bucket must be one of buckets, got ${gate.bucket.node.path}`);
    }
    const reports = props.redactionReports;
    if (reports && !props.buckets.some((b) => b.bucket === reports.bucket)) {
      throw new Error(`redactionReports.bucket must be one of buckets, got ${reports.bucket.node.path}`);
    }
    if (reports && reports.bucket === gate?.bucket) {
      throw new Error(
        'redactionReports.bucket must not be the release gate bucket: each exception has its own',
      );
    }
    const serving = gate?.servingRoles ?? [];
    // Serving roles read the gate bucket through the endpoint: readers there, narrowed below.
    const buckets =
      serving.length === 0
        ? props.buckets
        : props.buckets.map((b) =>
            b.bucket === gate!.bucket ? { ...b, readers: [...b.readers, ...serving] } : b,
          );
    for (const b of buckets) {
      if (b.readers.length === 0) {
        throw new Error(`buckets: ${b.bucket.node.path} must name at least one reader, got []`);
      }
    }
    this.endpoint = new ec2.GatewayVpcEndpoint(this, 'Resource', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    this.endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OnlyThisProjectsReadersAndBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ENDPOINT_ACTIONS,
        resources: buckets.flatMap((b) => [b.bucket.bucketArn, b.bucket.arnForObjects('*')]),
        conditions: {
          StringEquals: { 'aws:PrincipalAccount': Stack.of(this).account },
          ArnEquals: { 'aws:PrincipalArn': arns(buckets.flatMap(endpointPrincipals)) },
        },
      }),
    );
    for (const b of buckets) {
      if (b.bucket === gate?.bucket) this.denyUnreleasedReads(gate);
      else if (b.bucket === reports?.bucket) this.denyReadsOutsideBeyondReports(reports);
      else this.denyReadsOutside(b.bucket, {});
      if (b.bucket === gate?.bucket && serving.length > 0) this.denyServingBeyondReleased(gate, serving);
      this.denyReadsByOthers(b);
      this.denyWritesByOthers(b);
      this.denyTagWritesFromInside(b);
    }
  }

  private get outsideTheEndpoint() {
    return { StringNotEquals: { 'aws:SourceVpce': this.endpoint.vpcEndpointId } };
  }

  private get throughTheEndpoint() {
    return { StringEquals: { 'aws:SourceVpce': this.endpoint.vpcEndpointId } };
  }

  private deny(bucket: s3.IBucket, statement: Omit<iam.PolicyStatementProps, 'effect' | 'principals'>) {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        ...statement,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
      }),
    );
  }

  private denyReadsOutside(bucket: s3.IBucket, extra: Record<string, unknown>) {
    this.deny(bucket, {
      sid: 'DenyObjectReadsOutsideTheProjectEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      resources: [bucket.arnForObjects('*')],
      conditions: { ...this.outsideTheEndpoint, ...extra },
    });
  }

  /**
   * Through the endpoint, only readers: the endpoint binds the path, not the principal (any
   * principal of the account running in the VPC passes aws:SourceVpce). One statement per prefix
   * with readers of its own, one for the rest of the bucket.
   */
  private denyReadsByOthers(b: PrivateBucket) {
    const special = b.prefixes.filter((p) => (p.readers ?? []).length > 0);
    for (const p of special) {
      this.deny(b.bucket, {
        sid: `DenyReadsOf${prefixSid(p.prefix)}ByOthersThroughTheEndpoint`,
        actions: [...OBJECT_DATA_READ_ACTIONS],
        resources: [b.bucket.arnForObjects(`${p.prefix}*`)],
        conditions: {
          ...this.throughTheEndpoint,
          ArnNotEquals: { 'aws:PrincipalArn': arns([...b.readers, ...p.readers!]) },
        },
      });
    }
    const rest =
      special.length === 0
        ? { resources: [b.bucket.arnForObjects('*')] }
        : { notResources: special.map((p) => b.bucket.arnForObjects(`${p.prefix}*`)) };
    this.deny(b.bucket, {
      sid: 'DenyReadsByOthersThroughTheEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      ...rest,
      conditions: { ...this.throughTheEndpoint, ArnNotEquals: { 'aws:PrincipalArn': arns(b.readers) } },
    });
  }

  /** Each prefix is written by its writers only; keys outside the layout by nobody. */
  private denyWritesByOthers(b: PrivateBucket) {
    for (const p of b.prefixes) {
      const writers = p.writers ?? [];
      this.deny(b.bucket, {
        sid: `DenyWritesTo${prefixSid(p.prefix)}ByOthers`,
        actions: [...OBJECT_WRITE_ACTIONS],
        resources: [b.bucket.arnForObjects(`${p.prefix}*`)],
        conditions: writers.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': arns(writers) } } : undefined,
      });
    }
    this.deny(b.bucket, {
      sid: 'DenyWritesOutsideTheLayout',
      actions: [...OBJECT_WRITE_ACTIONS],
      notResources: b.prefixes.map((p) => b.bucket.arnForObjects(`${p.prefix}*`)),
    });
  }

  private denyTagWritesFromInside(b: PrivateBucket) {
    this.deny(b.bucket, {
      sid: 'DenyTagWritesThroughTheEndpoint',
      actions: [...OBJECT_TAG_WRITE_ACTIONS],
      resources: [b.bucket.arnForObjects('*')],
      conditions: this.throughTheEndpoint,
    });
    this.deny(b.bucket, {
      sid: 'DenyTagWritesByReaders',
      actions: [...OBJECT_TAG_WRITE_ACTIONS],
      resources: [b.bucket.arnForObjects('*')],
      conditions: { ArnEquals: { 'aws:PrincipalArn': arns(endpointPrincipals(b)) } },
    });
  }

  /**
   * Outside the endpoint, three denies that together allow exactly the gate's exception (statements
   * in one Deny are ANDed, so each leg gets its own): everyone but the two gate roles; the deployment
   * role, unless the version is released; the release role, beyond evaluation results.
   */
  private denyServingBeyondReleased(gate: ReleaseGateAccess, serving: iam.IRole[]) {
    for (const statement of denyServingBeyondReleasedStatements(gate, serving))
      this.deny(gate.bucket, statement);
  }

  /**
   * Outside the endpoint, like the release gate: everyone but the report reader; the report reader
   * beyond the reports, and beyond GetObject on them; and every redacted file, whoever asks (a file
   * named like a report among them included).
   */
  private denyReadsOutsideBeyondReports(r: RedactionReportAccess) {
    const reader = { ArnEquals: { 'aws:PrincipalArn': r.reader.roleArn } };
    this.denyReadsOutside(r.bucket, { ArnNotEquals: { 'aws:PrincipalArn': r.reader.roleArn } });
    this.deny(r.bucket, {
      sid: 'DenyReportReaderBeyondReportsOutsideTheProjectEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      notResources: r.reports,
      conditions: { ...this.outsideTheEndpoint, ...reader },
    });
    this.deny(r.bucket, {
      sid: 'DenyReportReaderBeyondGetObject',
      actions: OBJECT_DATA_READ_ACTIONS.filter((a) => !REPORT_READ_ACTIONS.includes(a)),
      resources: r.reports,
      conditions: reader,
    });
    this.deny(r.bucket, {
      sid: 'DenyRedactedDataOutsideTheProjectEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      resources: [r.redactedData],
      conditions: this.outsideTheEndpoint,
    });
  }

  private denyUnreleasedReads(gate: ReleaseGateAccess) {
    const { bucket, deploymentRole, releaseRole } = gate;
    this.denyReadsOutside(bucket, {
      ArnNotEquals: { 'aws:PrincipalArn': [deploymentRole.roleArn, releaseRole.roleArn] },
    });
    this.deny(bucket, {
      sid: 'DenyUnreleasedReadsOutsideTheProjectEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      resources: [bucket.arnForObjects('*')],
      conditions: {
        ArnEquals: { 'aws:PrincipalArn': deploymentRole.roleArn },
        // Both keys in one operator are ANDed: outside the endpoint and not released.
        StringNotEquals: {
          'aws:SourceVpce': this.endpoint.vpcEndpointId,
          [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value,
        },
      },
    });
    this.deny(bucket, {
      sid: 'DenyReleaseRoleReadsBeyondResultsOutsideTheProjectEndpoint',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      notResources: gate.releaseReadable,
      conditions: { ...this.outsideTheEndpoint, ArnEquals: { 'aws:PrincipalArn': releaseRole.roleArn } },
    });
  }
}

/**
 * Serving roles, two denies (each leg its own, as statements are ANDed inside one): any object
 * outside the servable artifacts, and any version of them that is not released.
 */
function denyServingBeyondReleasedStatements(
  gate: ReleaseGateAccess,
  serving: iam.IRole[],
): Omit<iam.PolicyStatementProps, 'effect' | 'principals'>[] {
  const { bucket } = gate;
  if (!gate.servingReadable || gate.servingReadable.length === 0) {
    throw new Error(
      'releaseGate.servingReadable must name the model artifacts serving roles may read, got none',
    );
  }
  const servingArns = { ArnEquals: { 'aws:PrincipalArn': arns(serving) } };
  return [
    {
      sid: 'DenyServingRolesReadsBeyondModels',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      notResources: gate.servingReadable,
      conditions: servingArns,
    },
    {
      sid: 'DenyServingRolesUnreleasedReads',
      actions: [...OBJECT_DATA_READ_ACTIONS],
      resources: [bucket.arnForObjects('*')],
      conditions: {
        ...servingArns,
        StringNotEquals: { [`s3:ExistingObjectTag/${RELEASE_TAG.key}`]: RELEASE_TAG.value },
      },
    },
  ];
}

/** Principals that use the endpoint: every reader of the bucket or of one of its prefixes. */
function endpointPrincipals(b: PrivateBucket): iam.IRole[] {
  return unique([...b.readers, ...b.prefixes.flatMap((p) => p.readers ?? [])]);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function arns(roles: iam.IRole[]): string[] {
  return unique(roles).map((r) => r.roleArn);
}
