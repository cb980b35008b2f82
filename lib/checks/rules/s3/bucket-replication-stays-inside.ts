/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource, isDataBucketPurpose } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings, named, projectOf } from '../findings';
import { COPY_PROTECTIONS } from './copy-protections';

const ID = 'S3REPL';

/** The bucket protections a destination fails (a copy must be kept as well as the original). */
function bucketRulesFailed(target: ModelResource): string[] {
  return COPY_PROTECTIONS.flatMap((rule) => {
    let result;
    try {
      result = rule.check(target.node);
    } catch {
      result = NagRuleCompliance.NON_COMPLIANT;
    }
    const failed = result === NagRuleCompliance.NON_COMPLIANT || (Array.isArray(result) && result.length > 0);
    return failed ? [`Isolation-${rule.id}`] : [];
  });
}

/** Why one replication rule's copies leave the project or its protections (empty when they do not). */
function destinationProblems(model: AppModel, source: ModelResource, rule: Json): string[] {
  const d = rule?.Destination ?? {};
  const own = AppModel.account(source.stack);
  const problems: string[] = [];
  const account = d.Account;
  if (
    account !== undefined &&
    account !== own &&
    !(typeof account === 'object' && account.Ref === 'AWS::AccountId')
  )
    problems.push(`replicas go to account ${flatten(account)}`);
  if (d.AccessControlTranslation !== undefined) problems.push('replicas are handed to the destination owner');
  const key = d.EncryptionConfiguration?.ReplicaKmsKeyID;
  if (key !== undefined) {
    const k = model.deref(key, source.stack);
    if (!k || !model.dataKeys().includes(k))
      problems.push(`replicas are encrypted with ${flatten(key)}, not a project data key`);
  }
  const target = model.deref(d.Bucket, source.stack);
  if (!target || target.type !== 'AWS::S3::Bucket') {
    problems.push(`replicates to ${flatten(d.Bucket)}, a bucket outside the app`);
    return problems;
  }
  const purpose = model.purpose(target);
  if (!isDataBucketPurpose(purpose)) problems.push(`replicates to ${named(target)}, a ${purpose} bucket`);
  if (projectOf(target) !== projectOf(source))
    problems.push(`replicates to ${named(target)} of another project`);
  const failed = bucketRulesFailed(target);
  if (failed.length > 0) problems.push(`replicates to ${named(target)}, which fails ${failed.join(', ')}`);
  return problems;
}

export const BucketReplicationStaysInside: IsolationRule = {
  id: ID,
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'The bucket replicates objects somewhere other than a data bucket of the same project that meets every bucket rule.',
  explanation:
    'Replication copies every object, continuously, to its destination: a destination outside the app, in ' +
    'another account or project, of another purpose, encrypted with another key, or without the perimeter, ' +
    'lifecycle, versioning and logging of the source is a standing copy of the data beyond its controls. ' +
    'Remove the ReplicationConfiguration (isotrain keeps one copy, in the project region), or replicate only ' +
    'to a data bucket of the same project and account that passes every Isolation bucket rule.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const replication = asArray(r.props.ReplicationConfiguration?.Rules);
    if (replication.length === 0) return NOT_APPLICABLE;
    return findings(replication.flatMap((rule) => destinationProblems(model, r, rule)));
  },
};
