/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation properties are untyped JSON */
/**
 * Isolation-S3RAW: with training.requireRedaction, raw uploads (datasets/) are read by the redaction
 * role only, as AWS would decide, by the role policies AND by the bucket policy (issue 13, the gate).
 *
 * Applies to a training-data bucket whose project requires redaction: its project file says so (app
 * mode) or its `isotrain:require-redaction` tag does; when neither says, the rule judges it as
 * required (fail closed). The redaction role is the role the project publishes as RedactionRoleArn
 * (its SSM parameter, which `isotrain redact --project` reads); no other role is exempt, whatever its
 * name or tags.
 *
 * Must be denied, for every action that returns object content or copies it (the contract's
 * OBJECT_DATA_READ_ACTIONS), on every raw-upload key the policies tell apart:
 * 1. by their own identity policies (same account, no bucket policy): every role, user and group of
 *    the templates (of any project) and every customer-managed policy handed out to people, on every
 *    path;
 * 2. by the bucket policy alone, on every path, whatever the identity policies and the endpoint policy
 *    say (the endpoint is shared by the project's buckets and opened for their sake; the gate is the
 *    bucket's): each role and user of the templates holding an administrator policy, an unknown
 *    administrator of the account, the principals the policy names, and the account root.
 * Must be allowed: the redaction role, with its own policies, reading raw uploads through the project
 * endpoint (a gate that shuts out redaction too would leave raw data training cannot use).
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  DATASETS_PREFIX,
  OBJECT_DATA_READ_ACTIONS,
  PROJECT_OUTPUTS,
  PURPOSES,
  REDACTION_GATE_TAG,
  parameterName,
} from '../../../contract';
import { EvaluationResult, Named, isAllowed, isDenied } from '../../iam';
import { actionClasses, ask, callerClasses, narrowed } from '../../access/ask';
import { accountRoot, holding, namedPrincipals, unknownAdmin } from '../../access/callers';
import { ADMINISTRATOR, isUnknownPolicy } from '../../access/documents';
import { Findings, actionsLabel, uncertainty, whoLabel } from '../../access/findings';
import { Caller, Inventory, tagValue } from '../../access/inventory';
import {
  PROBE,
  Path,
  baseContext,
  keyClasses,
  objectKeys,
  outsidePaths,
  throughPaths,
} from '../../access/s3';
import { ModelResource } from '../../model';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { awsManagedPolicyName } from '../iam/identity-statements';
import { SAFE_MANAGED } from '../lambda/no-data-access';

/**
 * Whether the bucket's project trains on redacted data only. Sources: the project file (app mode) and
 * the bucket's tag. Required unless a source says no and none says yes: a template that cannot tell is
 * judged as the stricter setting.
 */
export function redactionRequired(inv: Inventory, bucket: ModelResource): boolean {
  const tag = tagValue(bucket, REDACTION_GATE_TAG.key);
  const said = [
    inv.model.projectSettings(bucket)?.requireRedaction,
    tag === REDACTION_GATE_TAG.on ? true : tag === REDACTION_GATE_TAG.off ? false : undefined,
  ].filter((v): v is boolean => v !== undefined);
  return said.length === 0 || said.includes(true);
}

/** The roles the bucket's project publishes as its redaction role (RedactionRoleArn). */
export function redactionRoles(inv: Inventory, bucket: ModelResource): ModelResource[] {
  const project = inv.projectOf(bucket);
  const suffix = `/${PROJECT_OUTPUTS.RedactionRoleArn}`;
  const published = (name: string) =>
    project === undefined ? name.endsWith(suffix) : name === parameterName(project, 'RedactionRoleArn');
  return inv.model
    .ofType('AWS::SSM::Parameter')
    .filter((p) => inv.sameProject(p, bucket) && published(inv.symbols.resolve(p.props.Name, p.stack)))
    .map((p) => inv.symbols.deref(p.props.Value, p.stack))
    .filter((r): r is ModelResource => r?.type === 'AWS::IAM::Role');
}

interface Gate {
  readonly inv: Inventory;
  readonly bucket: ModelResource;
  readonly arn: string;
  readonly account: string;
  readonly policy: Named | undefined;
  readonly exempt: ReadonlySet<string>;
  /** The bucket-side documents: the bucket policy and the project endpoints' policies. */
  readonly docs: readonly (Named | undefined)[];
  readonly paths: readonly Path[];
}

/** Raw-upload keys, one per class the documents tell apart. */
function rawKeys(g: Gate, docs: readonly (Named | undefined)[]): string[] {
  const raw = objectKeys(g.inv, g.bucket, docs).filter((k) => k.startsWith(DATASETS_PREFIX));
  return keyClasses(g.arn, raw, docs, () => '').map((group) => group[0]);
}

const roleArnOf = (c: Caller) => c.principal.roleArn ?? c.principal.arn;

/**
 * A holder's identity policies without the AWS-managed ones that read no S3 object (logs and VPC
 * networking, which CDK's custom-resource roles carry): the templates do not hold their content, but
 * AWS publishes it. Any other policy the templates do not hold may allow anything.
 */
function ownPolicies(c: Caller): Caller {
  const readsNoObject = (n: Named) =>
    isUnknownPolicy(n) && SAFE_MANAGED.includes(awsManagedPolicyName(n.name) ?? '');
  return { ...c, identity: c.identity.filter((n) => !readsNoObject(n)) };
}

/** What each principal may read, gathered over actions, keys and paths: one finding per principal. */
class Reads {
  private readonly by = new Map<
    string,
    { actions: Set<string>; key: string; paths: Set<string>; uncertain: boolean }
  >();

  public add(who: string, actions: readonly string[], key: string, path: Path, r: EvaluationResult): void {
    let e = this.by.get(who);
    if (!e) this.by.set(who, (e = { actions: new Set(), key, paths: new Set(), uncertain: false }));
    actions.forEach((a) => e.actions.add(a));
    e.paths.add(path.label);
    e.uncertain ||= !r.certain;
  }

  /** `say(who, what)` words the finding; `what` is the actions, an example key and the ways in. */
  public into(f: Findings, say: (who: string, what: string) => string): void {
    for (const [who, e] of this.by) {
      const [first, ...rest] = [...e.paths];
      const more = rest.length > 0 ? ` and ${rest.length} more way${rest.length > 1 ? 's' : ''}` : '';
      const may = e.uncertain ? ', if a value the templates do not resolve allows it' : '';
      f.add(say(who, `${actionsLabel([...e.actions])} on ${e.key}, ${first}${more}${may}`));
    }
  }
}

/** Layer 1: each holder's own identity policies (no bucket policy, no endpoint policy). */
function rolePoliciesDeny(g: Gate, f: Findings): void {
  const reads = new Reads();
  for (const holder of g.inv.holders()) {
    const c = ownPolicies(holder.caller);
    if (g.exempt.has(roleArnOf(c))) continue;
    const docs = [...c.identity, ...(c.boundary ? [c.boundary] : [])];
    // The paths the bucket side tells apart, and any other endpoint the holder's own policies name.
    const paths = [...outsidePaths(g.inv, [...g.docs, ...docs], g.bucket), ...throughPaths(g.inv, g.bucket)];
    for (const group of actionClasses(OBJECT_DATA_READ_ACTIONS, docs)) {
      for (const key of rawKeys(g, narrowed(docs, group[0]))) {
        for (const path of paths) {
          const result = ask({
            caller: c,
            action: group[0],
            resource: `${g.arn}/${key}`,
            resourceAccount: g.account,
            context: { ...baseContext(g.inv, g.bucket), ...path.context },
          });
          if (!isDenied(result)) reads.add(c.id, group, key, path, result);
        }
      }
    }
  }
  reads.into(
    f,
    (who, what) =>
      `${who} can read raw uploads by its own policies (${what}): add a Deny of every object read on ${DATASETS_PREFIX}* to them; only the role published as RedactionRoleArn reads raw uploads`,
  );
}

/** Layer 2: the bucket policy alone keeps out everyone but the redaction role, whatever they hold. */
function bucketPolicyDenies(g: Gate, f: Findings): void {
  const { inv, bucket, policy, account } = g;
  const callers = inv.callers();
  const everyone: Caller[] = [
    unknownAdmin(account),
    ...callers.map((c) => holding(c, [ADMINISTRATOR])),
    ...namedPrincipals(policy?.document, account, callers.map(roleArnOf)),
    accountRoot(account),
  ].filter((c) => !g.exempt.has(roleArnOf(c)));
  const reads = new Reads();
  for (const path of g.paths) {
    for (const group of actionClasses(OBJECT_DATA_READ_ACTIONS, [policy, ADMINISTRATOR])) {
      const cut = narrowed([policy], group[0]);
      // Each role of the templates is its own finding; the principals they do not define may share one.
      for (const who of callerClasses(everyone, cut, (c) => c.resource?.logicalId ?? '')) {
        for (const key of rawKeys(g, cut)) {
          const result = ask({
            caller: who[0],
            action: group[0],
            resource: `${g.arn}/${key}`,
            resourceAccount: account,
            context: { ...baseContext(inv, bucket), ...path.context },
            resourcePolicy: policy,
          });
          if (!isDenied(result)) reads.add(whoLabel(who), group, key, path, result);
        }
      }
    }
  }
  reads.into(
    f,
    (who, what) =>
      `the bucket policy lets ${who} read raw uploads given an administrator policy (${what}): Deny every object read on ${DATASETS_PREFIX}* to every principal but the redaction role (ArnNotEquals aws:PrincipalArn)`,
  );
}

/** The redaction role still reads raw uploads through the project endpoint, with its own policies. */
function redactionReads(g: Gate, roles: readonly ModelResource[], f: Findings): void {
  for (const role of roles) {
    const c = g.inv.caller(role);
    for (const path of g.paths.filter((p) => p.through)) {
      const key = `${DATASETS_PREFIX}${PROBE}`;
      const result = ask({
        caller: c,
        action: 's3:GetObject',
        resource: `${g.arn}/${key}`,
        resourceAccount: g.account,
        context: { ...baseContext(g.inv, g.bucket), ...path.context },
        resourcePolicy: g.policy,
        endpoint: path.endpoint,
      });
      if (!isAllowed(result))
        f.add(
          `${c.id}, the redaction role, cannot read ${key} ${path.label}${uncertainty(result)}; raw uploads could not be redacted`,
        );
    }
  }
}

export const RawUploadsGate: IsolationRule = {
  id: 'S3RAW',
  control: 5,
  types: ['AWS::S3::Bucket'],
  info: 'With training.requireRedaction, a role other than the redaction role can read raw uploads (datasets/) by its own policies, or the bucket policy does not deny them to it.',
  explanation:
    'Training must read only what a redaction job wrote (redacted/), never the raw uploads (datasets/), which may ' +
    'hold personal data. Evaluated as AWS would decide, for every action that returns object content or copies ' +
    'it: the identity policies of every role, user, group and handed-out policy of the templates but the redaction ' +
    'role must deny it (the training role: a Deny on datasets/* beside its read of the bucket), and the bucket ' +
    'policy must deny it to every principal but the redaction role whatever its identity policies say (Deny with ' +
    'ArnNotEquals aws:PrincipalArn <the redaction role>). The redaction role is the one the project publishes ' +
    'as RedactionRoleArn, and must still read datasets/ through the project endpoint. The setting comes from the ' +
    'project file, or the bucket tag isotrain:require-redaction; with neither, redaction is taken as required.',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const bucket = inv.get(node);
    if (inv.purpose(bucket) !== PURPOSES.trainingData || !redactionRequired(inv, bucket))
      return NOT_APPLICABLE;
    const roles = redactionRoles(inv, bucket);
    const exempt = new Set(roles.map((r) => inv.symbols.attribute(r, 'Arn')));
    const f = new Findings();
    const policies = inv.bucketPolicies(bucket);
    for (const policy of policies.length > 0 ? policies : [undefined]) {
      const docs = [policy, ...throughPaths(inv, bucket).map((p) => p.endpoint)];
      const g: Gate = {
        inv,
        bucket,
        arn: inv.symbols.attribute(bucket, 'Arn'),
        account: inv.symbols.account(bucket),
        policy,
        exempt,
        docs,
        paths: [...outsidePaths(inv, docs, bucket), ...throughPaths(inv, bucket)],
      };
      rolePoliciesDeny(g, f);
      bucketPolicyDenies(g, f);
      redactionReads(g, roles, f);
    }
    return f.result();
  },
};
