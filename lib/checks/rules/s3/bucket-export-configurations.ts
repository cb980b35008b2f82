/**
 * Isolation-S3EXPORT2: nobody may configure a data, artifact or audit bucket to ship its objects,
 * object lists or object metadata elsewhere, as AWS would decide it.
 *
 * Must be denied, from everywhere (outside any endpoint, through an AWS service, through any VPC
 * endpoint), to every role and user of the templates, an unknown administrator of the account and the
 * account root (each with an administrator identity policy): the contract's
 * EXPORT_CONFIGURATION_ACTIONS on the bucket (replication, inventory, analytics, notifications, S3
 * Metadata, vended log delivery) and EXPORT_OBJECT_ACTIONS on its objects (Batch Replication,
 * re-encryption). Identity policies cannot be trusted to refuse them: only the bucket policy can.
 */
import { CfnResource } from 'aws-cdk-lib';
import { EXPORT_CONFIGURATION_ACTIONS, EXPORT_OBJECT_ACTIONS, PURPOSES } from '../../../contract';
import { Named, isDenied } from '../../iam';
import { actionClasses, ask, callerClasses, narrowed } from '../../access/ask';
import { accountRoot, holding, namedPrincipals, unknownAdmin } from '../../access/callers';
import { ADMINISTRATOR } from '../../access/documents';
import { Failures, Findings, whoLabel } from '../../access/findings';
import { Caller, Inventory } from '../../access/inventory';
import { baseContext, keyClasses, objectKeys, outsidePaths, throughPaths } from '../../access/s3';
import { isDataBucketPurpose } from '../../model';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';

export const BucketExportConfigurations: IsolationRule = {
  id: 'S3EXPORT2',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'Someone may configure this data, artifact or audit bucket to replicate, inventory, notify or otherwise export its objects or their metadata.',
  explanation:
    'Evaluated as AWS would decide: s3:PutReplicationConfiguration, PutInventoryConfiguration, ' +
    'PutAnalyticsConfiguration, PutBucketNotification, the S3 Metadata table configurations and vended log ' +
    'delivery on the bucket, and s3:InitiateReplication and UpdateObjectEncryption on its objects, must be ' +
    'denied to every principal of the account, an administrator included, from anywhere. Replication copies ' +
    'every version to any bucket of any account, inventory lists every key to one; neither needs an object ' +
    'read. Add a bucket policy statement: Deny, Principal *, those actions, on the bucket ARN (and the ' +
    'object actions on its objects), with no condition (S3DataPerimeter and SecureBucket write it).',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const bucket = inv.get(node);
    const purpose = inv.purpose(bucket);
    if (!isDataBucketPurpose(purpose) && purpose !== PURPOSES.audit) return NOT_APPLICABLE;
    const account = inv.symbols.account(bucket);
    const arn = inv.symbols.attribute(bucket, 'Arn');
    const policies = inv.bucketPolicies(bucket);
    const defined = inv.callers().map((c) => c.principal.roleArn ?? c.principal.arn);
    const callers: Caller[] = [
      unknownAdmin(account),
      ...inv.callers().map((c) => holding(c, [ADMINISTRATOR])),
      ...namedPrincipals(
        policies.map((n) => n.document),
        account,
        defined,
      ),
      accountRoot(account),
    ];
    const f = new Findings();
    for (const policy of policies.length > 0 ? policies : [undefined as Named | undefined]) {
      const through = throughPaths(inv, bucket);
      const docs = [policy, ...through.map((p) => p.endpoint)];
      const paths = [...outsidePaths(inv, docs, bucket), ...through];
      const failures = new Failures();
      const targets = [
        { actions: EXPORT_CONFIGURATION_ACTIONS, resources: [arn] },
        { actions: EXPORT_OBJECT_ACTIONS, keys: objectKeys(inv, bucket, docs) },
      ];
      for (const path of paths) {
        for (const target of targets) {
          for (const group of actionClasses(target.actions, [policy, path.endpoint, ADMINISTRATOR])) {
            const narrow = narrowed([policy, path.endpoint], group[0]);
            const resources =
              'keys' in target && target.keys
                ? keyClasses(arn, target.keys, narrow, () => '').map(([k]) => `${arn}/${k}`)
                : [arn];
            for (const who of callerClasses(callers, narrow, () => '')) {
              for (const resource of resources) {
                const result = ask({
                  caller: who[0],
                  action: group[0],
                  resource,
                  resourceAccount: account,
                  context: { ...baseContext(inv, bucket), ...path.context },
                  resourcePolicy: policy,
                  endpoint: path.endpoint,
                });
                if (!isDenied(result)) {
                  failures.add(
                    `{actions} by ${whoLabel(who)} ${path.label}`,
                    group,
                    resource === arn ? 'on the bucket' : resource.slice(arn.length + 1),
                    result,
                  );
                  break;
                }
              }
            }
          }
        }
      }
      failures.into(f);
    }
    return f.result();
  },
};
