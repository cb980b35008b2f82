/**
 * Isolation-IAM5: policies handed to people (customer-managed policies no principal of the templates
 * holds, with the deny-only policies published beside them) and launcher policies fence their holder
 * off the data, as AWS would decide it from the holder's identity policies alone.
 *
 * With the holder's policies and an administrator policy besides (people given these policies hold
 * others; only an explicit Deny holds), must be denied:
 * - every action that returns object content or copies it on the objects of every data bucket;
 * - kms:Decrypt and kms:ReEncryptFrom on every data and artifacts key;
 * - sts:AssumeRole on the project's release, deployment, uploader and publisher roles (separation of
 *   duties: a launcher or run-governance holder must not become the one who approves, deploys or
 *   writes training inputs);
 * - reading, exporting, subscribing to, unmasking or re-protecting the shared SageMaker job log groups
 *   (what containers print, and a container sees the data), and the account-wide log policies that
 *   reach them (an account subscription filter ships every group).
 */
import { CfnResource } from 'aws-cdk-lib';
import {
  JOB_LOG_DENIED_ACTIONS,
  LOGS_ACCOUNT_POLICY_ACTIONS,
  OBJECT_DATA_READ_ACTIONS,
  PURPOSES,
  jobLogGroupArns,
} from '../../../contract';
import { isDenied } from '../../iam';
import { actionClasses, ask } from '../../access/ask';
import { ADMINISTRATOR } from '../../access/documents';
import { Failures, Findings } from '../../access/findings';
import { Holder, Inventory } from '../../access/inventory';
import { PROBE } from '../../access/s3';
import { IsolationRule, NOT_APPLICABLE } from '../../rule';
import { KEY_DECRYPT_ACTIONS } from '../kms/key-actions';
import { launchersOf } from '../sagemaker/launchers';

const SEPARATE: readonly string[] = [
  PURPOSES.releaseRole,
  PURPOSES.deploymentRole,
  PURPOSES.uploaderRole,
  PURPOSES.publisherRole,
];

export const HolderFence: IsolationRule = {
  id: 'IAM5',
  control: 11,
  types: ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'],
  info: 'A policy handed to people, or a launcher policy, does not stop its holder from reading project data, decrypting it, becoming a release, deployment, uploader or publisher role, or reading or shipping the job logs.',
  explanation:
    'Evaluated as AWS would decide from identity policies, the holder also holding an administrator policy ' +
    '(people hold other policies): object reads of the data and artifact buckets, kms:Decrypt and ' +
    'ReEncryptFrom with the data and artifacts keys, and sts:AssumeRole on the release, deployment, uploader ' +
    'and publisher roles must each meet an explicit Deny. Add them to the policy, or to a deny-only policy ' +
    'published beside it (the launcher fence and the run-governance policy carry DenyReadingProjectData, ' +
    'DenyDecryptingProjectData and DenyBecomingSeparateRoles).',
  check: (node: CfnResource) => {
    const inv = Inventory.of(node);
    const r = inv.get(node);
    const holders: Holder[] = [
      ...inv.holders().filter((h) => h.carrier === r && h.handedOut),
      ...launchersOf(node)
        .map((l) => l.holder)
        .filter((h) => !h.handedOut),
    ];
    if (holders.length === 0) return NOT_APPLICABLE;
    const requests: { actions: readonly string[]; resource: string; account?: string; what: string }[] = [
      ...inv.model
        .dataBuckets()
        .filter((b) => inv.sameProject(b, r))
        .map((b) => ({
          actions: OBJECT_DATA_READ_ACTIONS,
          resource: `${inv.symbols.attribute(b, 'Arn')}/${PROBE}`,
          account: inv.symbols.account(b),
          what: `objects of ${b.logicalId}`,
        })),
      ...inv.model
        .dataKeys()
        .filter((k) => inv.sameProject(k, r))
        .map((k) => ({
          actions: KEY_DECRYPT_ACTIONS,
          resource: inv.symbols.attribute(k, 'Arn'),
          what: `key ${k.logicalId}`,
        })),
      ...inv
        .withPurpose(...SEPARATE)
        .filter((role) => inv.sameProject(role, r))
        .map((role) => ({
          actions: ['sts:AssumeRole'],
          resource: inv.symbols.attribute(role, 'Arn'),
          what: `role ${role.logicalId}`,
        })),
      ...jobLogGroupArns({ partition: 'aws', region: inv.symbols.region(r), account: inv.symbols.account(r) })
        .filter((arn) => arn.endsWith(':*'))
        .map((arn) => ({
          actions: JOB_LOG_DENIED_ACTIONS,
          resource: arn,
          what: `job log group ${arn.split(':log-group:')[1].replace(/:\*$/, '')}`,
        })),
      { actions: LOGS_ACCOUNT_POLICY_ACTIONS, resource: '*', what: 'account log policies' },
    ];
    const f = new Findings();
    for (const holder of holders) {
      const caller = { ...holder.caller, identity: [...holder.caller.identity, ADMINISTRATOR] };
      const failures = new Failures();
      for (const q of requests) {
        for (const group of actionClasses(q.actions, caller.identity)) {
          const result = ask({
            caller,
            action: group[0],
            resource: q.resource,
            resourceAccount: q.account,
            context: {},
          });
          if (!isDenied(result))
            failures.add(
              `{actions} on ${q.what} by ${holder.caller.id}`,
              group,
              'with an administrator policy besides',
              result,
            );
        }
      }
      failures.into(f);
    }
    return f.result();
  },
};
