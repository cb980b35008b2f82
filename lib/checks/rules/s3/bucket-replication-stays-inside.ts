/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray } from '../../cfn';
import { AppModel } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';

export const BucketReplicationStaysInside: IsolationRule = {
  id: 'S3REPL',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'The bucket replicates objects to a bucket that is not part of this app, or to another account.',
  explanation:
    'Replication copies every object, continuously, to its destination: a destination outside the app or ' +
    'in another account is a standing copy of the data beyond the project. Remove the ReplicationConfiguration ' +
    '(isotrain keeps one copy, in the project region), or replicate only to a bucket defined in the same app and account.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const rules = asArray(r.props.ReplicationConfiguration?.Rules);
    if (rules.length === 0) return NOT_APPLICABLE;
    const own = AppModel.account(r.stack);
    const outside = rules.some((rule: Json) => {
      const d = rule?.Destination ?? {};
      if (
        d.Account !== undefined &&
        d.Account !== own &&
        !(typeof d.Account === 'object' && d.Account.Ref === 'AWS::AccountId')
      ) {
        return true;
      }
      const target = model.deref(d.Bucket, r.stack);
      return !target || target.type !== 'AWS::S3::Bucket';
    });
    return outside ? NON_COMPLIANT : COMPLIANT;
  },
};
