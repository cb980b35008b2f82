/**
 * Isolation-S3VPCE: the data perimeter of a data bucket, as AWS would decide it.
 *
 * Must be denied, for every action that returns object content or copies it (the contract's
 * OBJECT_DATA_READ_ACTIONS), on every representative object key and object-tag set:
 * - from outside the project endpoint (no endpoint, through an AWS service, through any other VPC
 *   endpoint) by every role and user the templates define, by an unknown administrator of the
 *   account, by the account root and by principals of another account;
 * - through the project endpoint by all of them except the bound readers.
 * Every principal of the account is given an administrator identity policy: the bucket policy is the
 * perimeter, and identity policies are whatever the account's administrators make them. For the same
 * reason the endpoint's policy is not counted on to deny: whoever may modify the endpoint
 * (ec2:ModifyVpcEndpoint) replaces it without touching the bucket, so the bucket policy alone must
 * bind the principal through the endpoint as well as the path.
 * Bound readers: the training role through the endpoint; the deployment role for objects carrying
 * the release tag; the release role for evaluation results files (`evaluations/<job>/results.json`);
 * a serving role for released model artifacts, through the endpoint; the redaction report role, on a
 * training-data bucket, for GetObject of its project's redaction reports from outside
 * (`redacted/<...>/<project>--redact-<time>-<hash>/report.json`, never a key among a job's redacted
 * files, `.../<job>/data/...`, however it is named).
 *
 * Must be allowed: the training role, with its own policies, reading through the project endpoint
 * every object its identity policies let it read, and decrypting it with the bucket's key via S3.
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  OBJECT_DATA_READ_ACTIONS,
  PURPOSES,
  REDACTED_PREFIX,
  RELEASE_TAG,
  SERVING_PURPOSES,
  redactedDataKeys,
  redactionJobPrefix,
  redactionReportKeys,
} from '../../../contract';
import { Named, isAllowed, isDenied } from '../../iam';
import { resourceMatches } from '../../iam/matching';
import { actionClasses, ask, callerClasses, narrowed } from '../../access/ask';
import {
  accountRoot,
  foreignCallers,
  holding,
  namedPrincipals,
  otherAccount,
  unknownAdmin,
} from '../../access/callers';
import { ADMINISTRATOR } from '../../access/documents';
import { Failures, Findings, uncertainty, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import {
  PROBE,
  Path,
  baseContext,
  isModelArtifactKey,
  isResultsKey,
  keyClasses,
  objectKeys,
  outsidePaths,
  tagContext,
  tagLabel,
  tagVariants,
  throughPaths,
} from '../../access/s3';
import { servicesFor } from '../../access/services';
import { ModelResource, isDataBucketPurpose } from '../../model';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { bucketKey, decryptViaS3 } from '../kms/key-requests';

const READERS: readonly string[] = [
  PURPOSES.trainingRole,
  PURPOSES.deploymentRole,
  PURPOSES.releaseRole,
  SERVING_PURPOSES.servingRole,
  PURPOSES.redactionReportRole,
];

/** What the redaction report role may do with a report from outside: read its content, nothing else. */
const REPORT_ACTIONS: readonly string[] = ['s3:GetObject', 's3:GetObjectVersion'];

/**
 * Whether a key is one of the project's redaction reports, as the contract's patterns say it (an IAM
 * glob, `?` one character) and never a key among a job's redacted files, whatever it is named.
 */
function isReportKey(project: string | undefined, key: string): boolean {
  if (project === undefined) return false;
  const arn = `arn:aws:s3:::b/${key}`;
  const at = (pattern: string) => resourceMatches(`arn:aws:s3:::b/${pattern}`, arn, {}) === true;
  return redactionReportKeys(project).some(at) && !at(redactedDataKeys(project));
}

/** Report keys and lookalikes to ask about besides the documents' own patterns. */
function reportProbes(project: string): string[] {
  const job = `${redactionJobPrefix(project)}20261130120000-abcd`;
  return [
    `${REDACTED_PREFIX}${PROBE}/${job}/report.json`,
    `${REDACTED_PREFIX}${job}/report.json`,
    `${REDACTED_PREFIX}${PROBE}/${job}/data/${PROBE}/${job}/report.json`,
    `${REDACTED_PREFIX}${PROBE}/${job}/data/report.json`,
    `${REDACTED_PREFIX}${PROBE}/${job}/${PROBE}`,
    `${REDACTED_PREFIX}${PROBE}/data/report.json`,
  ];
}

/** The bound reader a caller is for this bucket: its purpose, when it is a role of the bucket's project. */
function readerOf(inv: Inventory, bucket: ModelResource, c: Caller): string {
  const purpose = c.purpose ?? '';
  return READERS.includes(purpose) && c.resource && inv.sameProject(c.resource, bucket) ? purpose : '';
}

/** Whether the request is one a bound reader is there to make. */
function boundReader(
  reader: string,
  key: string,
  tags: Readonly<Record<string, string>>,
  path: Path,
  action: string,
  reports: string | undefined,
): boolean {
  if (reader === PURPOSES.trainingRole) return path.through;
  // Redaction reports (counts only) for `isotrain train`'s gate, read from the caller's machine.
  if (reader === PURPOSES.redactionReportRole)
    return !path.through && REPORT_ACTIONS.includes(action) && isReportKey(reports, key);
  if (reader === PURPOSES.deploymentRole) return tags[RELEASE_TAG.key] === RELEASE_TAG.value;
  if (reader === PURPOSES.releaseRole) return isResultsKey(key);
  // A served model's execution role: released model artifacts, through the endpoint (issue 12).
  if (reader === SERVING_PURPOSES.servingRole)
    return path.through && tags[RELEASE_TAG.key] === RELEASE_TAG.value && isModelArtifactKey(key);
  return false;
}

function mustDeny(inv: Inventory, bucket: ModelResource, policy: Named | undefined, f: Findings): void {
  const account = inv.symbols.account(bucket);
  const arn = inv.symbols.attribute(bucket, 'Arn');
  const through = throughPaths(inv, bucket);
  const allDocs = [policy, ...through.map((p) => p.endpoint)];
  const inside: Caller[] = [
    unknownAdmin(account),
    ...inv.callers().map((c) => holding(c, [ADMINISTRATOR])),
    ...namedPrincipals(
      allDocs.map((n) => n?.document),
      account,
      inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn),
    ),
    accountRoot(account),
  ];
  // Other accounts, and every service the policies name, working for this account or another.
  const outsiders: Caller[] = [
    ...foreignCallers(otherAccount(account)),
    ...[account, otherAccount(account)].flatMap((a) =>
      allDocs.flatMap((n) =>
        servicesFor(n?.document, a, inv.symbols.region(bucket)).map((x) => ({
          ...x.caller,
          claims: x.context as Record<string, string>,
        })),
      ),
    ),
  ];
  const paths = [...outsidePaths(inv, allDocs, bucket), ...through];
  // Reports are an exception of the training-data bucket only, for its own project's jobs.
  const project = inv.projectOf(bucket);
  const reports = inv.purpose(bucket) === PURPOSES.trainingData ? project : undefined;
  const keys = [...objectKeys(inv, bucket, allDocs), ...(reports ? reportProbes(reports) : [])];
  const tagSets = tagVariants(allDocs);
  const base = baseContext(inv, bucket);
  const failures = new Failures();
  for (const path of paths) {
    const callers = path.through ? inside : [...inside, ...outsiders];
    for (const group of actionClasses(OBJECT_DATA_READ_ACTIONS, [policy, path.endpoint, ADMINISTRATOR])) {
      const docs = narrowed([policy, path.endpoint], group[0]);
      for (const tags of tagSets) {
        for (const who of callerClasses(callers, docs, (c) => readerOf(inv, bucket, c))) {
          const caller = who[0];
          const reader = readerOf(inv, bucket, caller);
          const bound = (k: string, a: string) => boundReader(reader, k, tags, path, a, reports);
          const reads = (k: string) => group.map((a) => String(bound(k, a))).join();
          for (const [key] of keyClasses(arn, keys, docs, reads)) {
            // The policies treat the group's actions alike; ask one the reader is not there to make.
            const action = group.find((a) => !bound(key, a));
            if (action === undefined) continue;
            const result = ask({
              caller,
              action,
              resource: `${arn}/${key}`,
              resourceAccount: account,
              context: { ...base, ...path.context, ...tagContext(tags) },
              resourcePolicy: policy,
            });
            if (!isDenied(result)) {
              failures.add(
                `{actions} by ${whoLabel(who)} ${path.label}`,
                group,
                `${key}${tagLabel(tags)}`,
                result,
              );
            }
          }
        }
      }
    }
  }
  failures.into(f);
}

function mustAllow(inv: Inventory, bucket: ModelResource, policy: Named | undefined, f: Findings): void {
  const account = inv.symbols.account(bucket);
  const arn = inv.symbols.attribute(bucket, 'Arn');
  const key = bucketKey(inv, bucket);
  const readers = inv.withPurpose(PURPOSES.trainingRole).filter((r) => inv.sameProject(r, bucket));
  for (const reader of readers.map((r) => inv.caller(r))) {
    for (const path of throughPaths(inv, bucket)) {
      const refused: string[] = [];
      let readable = 0;
      let uncertain = false;
      for (const object of objectKeys(inv, bucket, [policy, path.endpoint])) {
        const request = {
          caller: reader,
          action: 's3:GetObject',
          resource: `${arn}/${object}`,
          resourceAccount: account,
          context: { ...baseContext(inv, bucket), ...path.context },
        };
        // Only objects its own policies mean it to read; whether it should read others is not this rule's.
        if (!isAllowed(ask(request))) continue;
        readable++;
        const full = ask({ ...request, resourcePolicy: policy, endpoint: path.endpoint });
        if (!isAllowed(full)) {
          refused.push(object);
          uncertain ||= !full.certain;
        }
      }
      if (refused.length > 0) {
        const more = refused.length > 1 ? ` and ${refused.length - 1} more objects` : '';
        const why = uncertain
          ? ' (it depends on a value the templates do not resolve, such as an account)'
          : '';
        f.add(
          `${reader.id} cannot read ${refused[0]}${more} ${path.label}, though its own policies allow it${why}`,
        );
      } else if (key && readable > 0) {
        const decrypt = decryptViaS3(inv, reader, key, bucket);
        if (!isAllowed(decrypt)) {
          f.add(
            `${reader.id} cannot decrypt objects of this bucket with ${key.logicalId} via S3${uncertainty(decrypt)}`,
          );
        }
      }
    }
  }
}

export const DataBucketSourceVpce: IsolationRule = {
  id: 'S3VPCE',
  control: 5,
  types: ['AWS::S3::Bucket'],
  info: 'Someone other than a bound reader can read or copy objects of this data bucket, or the training role cannot read them through the project endpoint.',
  explanation:
    'Evaluated as AWS would decide: every action that returns object content or copies it (GetObject, ' +
    'GetObjectVersion, GetObjectVersionForReplication, attributes, ACLs, annotations, torrent, restore) on ' +
    'every object must be denied from outside the project S3 endpoint (directly, through an AWS service, ' +
    'through any other VPC endpoint) to every principal, including an administrator of the account and ' +
    'other accounts, and denied through the endpoint to everyone but the bound readers: the training role, ' +
    'the deployment role for objects tagged isotrain:release=approved, the release role for ' +
    'evaluations/<job>/results.json, the redaction report role for GetObject of ' +
    "redacted/<...>/<project>--redact-<time>-<hash>/report.json from outside (never a key under a job's data/). Fix the bucket policy: Deny those actions with StringNotEquals " +
    'aws:SourceVpce <the project endpoint>, and Deny them through the endpoint with ArnNotEquals ' +
    'aws:PrincipalArn <the training role>; exempt the release and deployment roles only by a Deny of their ' +
    'own that leaves out nothing but their objects (S3DataPerimeter writes these). Every other VPC endpoint ' +
    'ID, prefix or principal in those conditions is a way out. The training role must still read through ' +
    'the endpoint (identity, bucket, endpoint and key policies together).',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const bucket = inv.get(node);
    if (!isDataBucketPurpose(inv.purpose(bucket))) return NOT_APPLICABLE;
    const f = new Findings();
    const policies = inv.bucketPolicies(bucket);
    for (const policy of policies.length > 0 ? policies : [undefined]) {
      mustDeny(inv, bucket, policy, f);
      mustAllow(inv, bucket, policy, f);
    }
    return f.result();
  },
};
