/**
 * Isolation-IAM6: the roles that see the data write objects only into the project, as AWS would
 * decide it from their own identity policies.
 *
 * A training (or serving) job writes where its request says (OutputDataConfig.S3OutputPath,
 * CheckpointConfig.S3Uri, a capture destination), and whoever starts the job chooses that path: the
 * role's identity policies are what keeps a model trained on the data, or the data itself, from being
 * written to someone else's bucket. Must be denied to the role, with its own policies, every object
 * write (PutObject, annotations, replication writes) to a bucket of another account whose owner opened
 * it to everyone, and to every bucket of the templates that is not a data or artifact bucket (the
 * audit and access-log buckets hold records, not job outputs).
 */
import { CfnResource } from 'aws-cdk-lib';
import { OBJECT_WRITE_ACTIONS, PURPOSES, SERVING_PURPOSES } from '../../../contract';
import { Named, isDenied } from '../../iam';
import { actionClasses, ask } from '../../access/ask';
import { otherAccount } from '../../access/callers';
import { Failures, Findings } from '../../access/findings';
import { Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { isDataBucketPurpose } from '../../model';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

const DATA_ROLES: readonly string[] = [PURPOSES.trainingRole, SERVING_PURPOSES.servingRole];

/** What the owner of a bucket outside the project writes into its policy: anyone may do anything. */
const OPEN_BUCKET: Named = {
  name: 'the policy of a bucket its owner opened to everyone',
  document: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  },
};

export const DataRolesWriteInside: IsolationRule = {
  id: 'IAM6',
  control: 11,
  types: ['AWS::IAM::Role'],
  info: 'A role that sees the data (training, serving) may write objects to a bucket outside the project, or to its audit or log buckets.',
  explanation:
    "Evaluated as AWS would decide from the role's own identity policies: whoever starts a job chooses " +
    'where it writes its model, checkpoints or captures, so the role must be refused object writes to a ' +
    "bucket of another account (its owner's policy open to everyone) and to the project's audit and " +
    'access-log buckets. Grant PutObject only on the run prefixes of the artifact bucket (and, for the ' +
    'redaction role, its output prefix), by reference, never on arn:aws:s3:::* or "*".',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const role = inv.get(node);
    if (!DATA_ROLES.includes(inv.purpose(role) ?? '')) return NOT_APPLICABLE;
    const caller = inv.caller(role);
    const account = inv.symbols.account(role);
    const targets = [
      {
        resource: `arn:aws:s3:::${PROBE}-elsewhere/${PROBE}`,
        owner: otherAccount(account),
        policy: OPEN_BUCKET as Named | undefined,
        what: 'a bucket of another account',
      },
      ...inv.model
        .ofType('AWS::S3::Bucket')
        .filter((b) => !isDataBucketPurpose(inv.purpose(b)) && inv.sameProject(b, role))
        .map((b) => ({
          resource: `${inv.symbols.attribute(b, 'Arn')}/${PROBE}`,
          owner: inv.symbols.account(b),
          policy: undefined as Named | undefined,
          what: b.logicalId,
        })),
    ];
    const failures = new Failures();
    for (const t of targets) {
      for (const group of actionClasses(OBJECT_WRITE_ACTIONS, caller.identity)) {
        const result = ask({
          caller,
          action: group[0],
          resource: t.resource,
          resourceAccount: t.owner,
          context: { 'aws:SecureTransport': 'true' },
          resourcePolicy: t.policy,
        });
        if (!isDenied(result)) failures.add(`{actions} into ${t.what}`, group, `by ${caller.id}`, result);
      }
    }
    const f = new Findings();
    failures.into(f);
    return f.result();
  },
};
