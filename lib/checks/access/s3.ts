/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
/**
 * What S3 requests to a bucket of the templates look like: the ways a request can arrive (from the
 * internet, through an AWS service, through another VPC endpoint, through the project endpoint), the
 * object keys worth asking about, and the object tags that change a decision.
 *
 * Only what the policies mention is varied: a context key no policy names cannot change a decision,
 * so "through an AWS service" is asked only when a policy names aws:ViaAWSService, aws:CalledVia* or
 * aws:SourceIp, and object tags only when a policy names s3:ExistingObjectTag/<key>.
 */
import {
  BASE_MODELS_PREFIX,
  CHECKPOINT_PREFIX,
  CODE_PREFIX,
  DATASETS_PREFIX,
  EVALUATIONS_PREFIX,
  MODEL_ARTIFACT_SUFFIX,
  MODEL_PREFIX,
  REDACTED_PREFIX,
  RESULTS_FILE,
  jobNamePrefix,
} from '../../contract';
import { ContextValue, Named } from '../iam';
import { resourceMatches } from '../iam/matching';
import { stringList } from '../iam/tokens';
import { Json } from '../cfn';
import { ModelResource } from '../model';
import { documentId, documentText, statementList } from './documents';
import { Inventory } from './inventory';

export const PROBE = 'isotrain-check';

/** One way a request reaches S3. */
export interface Path {
  readonly label: string;
  readonly through: boolean;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** The project endpoint's policy, for requests through it. */
  readonly endpoint?: Named;
}

const CLIENT_IP = '198.51.100.7';
const OTHER_VPC = 'vpc-isotrain-check-other';
const OTHER_ENDPOINT = 'vpce-isotrain-check-other';

/** Every condition value a set of documents gives a context key (case-insensitive key match). */
export function conditionValues(docs: readonly (Named | undefined)[], key: string): string[] {
  const k = key.toLowerCase();
  const out = new Set<string>();
  for (const n of docs) {
    for (const s of statementList(n?.document)) {
      const condition = s?.Condition;
      if (!condition || typeof condition !== 'object') continue;
      for (const [operator, block] of Object.entries<Json>(condition)) {
        // Null's values say whether the key is there, not what it holds.
        if (!block || typeof block !== 'object' || operator.toLowerCase() === 'null') continue;
        for (const [name, values] of Object.entries(block)) {
          if (name.toLowerCase() === k) stringList(values as Json).forEach((v) => out.add(v));
        }
      }
    }
  }
  return [...out];
}

/** Whether any of the documents mentions one of the keys (in a condition or a policy variable). */
export function mentions(docs: readonly (Named | undefined)[], ...keys: string[]): boolean {
  const text = docs
    .map((n) => documentText(n?.document))
    .join('\n')
    .toLowerCase();
  return keys.some((k) => text.includes(`"${k.toLowerCase()}`) || text.includes(`\${${k.toLowerCase()}`));
}

/** Requests from outside the project endpoint, in every form the policies can tell apart. */
export function outsidePaths(
  inv: Inventory,
  docs: readonly (Named | undefined)[],
  bucket: ModelResource,
): Path[] {
  const paths: Path[] = [
    { label: 'from outside any VPC endpoint', through: false, context: { 'aws:SourceIp': CLIENT_IP } },
  ];
  if (
    mentions(
      docs,
      'aws:ViaAWSService',
      'aws:CalledVia',
      'aws:CalledViaFirst',
      'aws:CalledViaLast',
      'aws:SourceIp',
    )
  ) {
    paths.push({
      label: 'through an AWS service acting for the caller',
      through: false,
      context: {
        'aws:ViaAWSService': 'true',
        'aws:CalledVia': ['athena.amazonaws.com'],
        'aws:CalledViaFirst': 'athena.amazonaws.com',
        'aws:CalledViaLast': 'athena.amazonaws.com',
      },
    });
  }
  // An endpoint ID no policy names is decided like the sentinel: only the named ones are asked besides it.
  const project = new Set(inv.projectS3Endpoints(bucket).map((e) => inv.symbols.ref(e)));
  const isolated = new Set(inv.isolatedS3Endpoints().map((e) => inv.symbols.ref(e)));
  const named = [...conditionValues(docs, 'aws:SourceVpce'), OTHER_ENDPOINT];
  // An S3 endpoint of the templates in a VPC they do not define (or one connected to the outside) is
  // not the project's: its VPC's isolation cannot be verified.
  const unverified = new Set(
    inv.model
      .ofType('AWS::EC2::VPCEndpoint')
      .map((e) => inv.symbols.ref(e))
      .filter((id) => !isolated.has(id)),
  );
  for (const id of new Set(named)) {
    if (project.has(id) || id.includes('*') || id.includes('?') || id.includes('{{unknown:')) continue;
    paths.push({
      label: unverified.has(id)
        ? `through ${id}, an endpoint whose VPC is not verified isolated (not in the templates, or connected to the outside)`
        : `through another VPC endpoint (${id})`,
      through: false,
      context: { 'aws:SourceVpce': id, 'aws:SourceVpc': OTHER_VPC },
    });
  }
  return paths;
}

/** Requests through each S3 endpoint of the bucket's project (its policy applies). */
export function throughPaths(inv: Inventory, bucket: ModelResource): Path[] {
  return inv.projectS3Endpoints(bucket).map((e) => {
    const vpc = inv.vpcOf(e);
    return {
      label: `through the project endpoint ${e.logicalId}`,
      through: true,
      endpoint: inv.endpointPolicy(e),
      context: {
        'aws:SourceVpce': inv.symbols.ref(e),
        ...(vpc ? { 'aws:SourceVpc': inv.symbols.ref(vpc) } : {}),
      },
    };
  });
}

/** Context every request carries: TLS, the requested region, the resource's account. */
export function baseContext(inv: Inventory, r: ModelResource): Record<string, ContextValue> {
  return {
    'aws:SecureTransport': 'true',
    's3:TlsVersion': '1.3',
    'aws:RequestedRegion': inv.symbols.region(r),
    'aws:ResourceAccount': inv.symbols.account(r),
  };
}

/** A concrete object key for a pattern's key part (`models/p--*\/x` → `models/p--isotrain-check/x`). */
function instance(keyPattern: string): string {
  return keyPattern.replace(/\*/g, PROBE).replace(/\?/g, 'x');
}

/**
 * Object keys to ask about: one under each prefix isotrain uses, the top level, and one instance of
 * every object pattern the documents name for this bucket (so a statement narrowed to a prefix is
 * met by a key outside it as well as one inside).
 */
export function objectKeys(
  inv: Inventory,
  bucket: ModelResource,
  docs: readonly (Named | undefined)[],
): string[] {
  const job = `${jobNamePrefix(inv.projectOf(bucket) ?? 'project')}${PROBE}`;
  const keys = new Set<string>([
    PROBE,
    ...[DATASETS_PREFIX, REDACTED_PREFIX, CODE_PREFIX, BASE_MODELS_PREFIX].map((p) => `${p}${PROBE}`),
    `${MODEL_PREFIX}${job}/${MODEL_ARTIFACT_SUFFIX}`,
    `${CHECKPOINT_PREFIX}${job}/${PROBE}`,
    `${EVALUATIONS_PREFIX}${job}/${RESULTS_FILE}`,
    `${EVALUATIONS_PREFIX}${job}/${PROBE}`,
  ]);
  const prefix = `${inv.symbols.attribute(bucket, 'Arn')}/`;
  for (const n of docs) {
    for (const s of statementList(n?.document)) {
      if (!s || typeof s !== 'object') continue;
      for (const v of [...stringList(s.Resource), ...stringList(s.NotResource)]) {
        if (v.startsWith(prefix) && !v.includes('${') && !v.includes('{{unknown:')) {
          keys.add(instance(v.slice(prefix.length)));
        }
      }
    }
  }
  return [...keys];
}

/**
 * Keys grouped so that every Resource/NotResource pattern of the documents, and `same`, treat all
 * of a group alike: one key per group decides for it. Without grouping when a pattern holds a
 * policy variable (its match depends on the principal).
 */
export function keyClasses(
  bucketArn: string,
  keys: readonly string[],
  docs: readonly (Named | undefined)[],
  same: (key: string) => string,
): string[][] {
  const signatures = patternSignatures(bucketArn, keys, docs);
  if (!signatures) return keys.map((k) => [k]);
  const groups = new Map<string, string[]>();
  keys.forEach((key, i) => {
    const signature = signatures[i] + same(key);
    const group = groups.get(signature);
    if (group) group.push(key);
    else groups.set(signature, [key]);
  });
  return [...groups.values()];
}

/** patternSignatures per list of keys, bucket and documents: rules group the same keys many times over. */
const signatureCache = new WeakMap<readonly string[], Map<string, string[] | undefined>>();

/**
 * How the documents' Resource/NotResource patterns treat each key's ARN, one string per key; undefined
 * when a pattern holds a policy variable.
 */
function patternSignatures(
  bucketArn: string,
  keys: readonly string[],
  docs: readonly (Named | undefined)[],
): string[] | undefined {
  let byDocs = signatureCache.get(keys);
  if (!byDocs) signatureCache.set(keys, (byDocs = new Map()));
  // The list's owner may change it later: its content is part of the key.
  const id = JSON.stringify([bucketArn, docs.map((n) => documentId(n?.document)), keys]);
  if (byDocs.has(id)) return byDocs.get(id);
  const patterns = new Set<string>();
  for (const n of docs) {
    for (const s of statementList(n?.document)) {
      if (!s || typeof s !== 'object') continue;
      for (const v of [...stringList(s.Resource), ...stringList(s.NotResource)]) patterns.add(v);
    }
  }
  const list = [...patterns];
  const out = list.some((p) => p.includes('${'))
    ? undefined
    : keys.map((key) => {
        const arn = `${bucketArn}/${key}`;
        return list.map((p) => String(resourceMatches(p, arn, {}))).join('|');
      });
  byDocs.set(id, out);
  return out;
}

/** Object-tag sets to ask about: none, and each tag key=value the documents name. */
export function tagVariants(docs: readonly (Named | undefined)[]): Record<string, string>[] {
  const out: Record<string, string>[] = [{}];
  const text = docs.map((n) => documentText(n?.document)).join('\n');
  const tagKeys = new Set([...text.matchAll(/s3:ExistingObjectTag\/([^"]+)"/gi)].map((m) => m[1]));
  for (const key of tagKeys) {
    for (const value of conditionValues(docs, `s3:ExistingObjectTag/${key}`)) {
      if (!value.includes('*') && !value.includes('{{unknown:')) out.push({ [key]: value });
    }
  }
  return out;
}

export function tagContext(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`s3:ExistingObjectTag/${k}`, v]));
}

export function tagLabel(tags: Readonly<Record<string, string>>): string {
  const list = Object.entries(tags).map(([k, v]) => `${k}=${v}`);
  return list.length === 0 ? '' : ` tagged ${list.join(',')}`;
}

/** The object-key part of a results file of an evaluation (`evaluations/<anything>/results.json`). */
export function isResultsKey(key: string): boolean {
  return key.startsWith(EVALUATIONS_PREFIX) && key.endsWith(`/${RESULTS_FILE}`);
}

/** A model artifact's key (`models/<job>/output/model.tar.gz`): what serving roles are there to read. */
export function isModelArtifactKey(key: string): boolean {
  return key.startsWith(MODEL_PREFIX) && key.endsWith(`/${MODEL_ARTIFACT_SUFFIX}`);
}
