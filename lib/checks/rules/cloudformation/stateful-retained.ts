import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

const KEPT = [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE];

export const StatefulRetained: IsolationRule = {
  id: 'KEEP1',
  control: 13,
  types: ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'],
  info: 'The bucket, key or log group is deleted (or replaced and deleted) with its stack.',
  explanation:
    'Buckets hold data and evidence, keys are the only way to read what they encrypted, log groups hold the ' +
    'trail, flow and DNS logs: a stack deletion or a replacing update must not take them. Set DeletionPolicy and ' +
    'UpdateReplacePolicy to Retain (CDK: removalPolicy RemovalPolicy.RETAIN, the default of SecureBucket, ' +
    'ProjectKeys and EncryptedLogGroup); data is removed by lifecycle rules, never by deleting the stack.',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const options = r.node.cfnOptions;
    const reasons: string[] = [];
    if (!KEPT.includes(options.deletionPolicy as CfnDeletionPolicy))
      reasons.push(`DeletionPolicy ${options.deletionPolicy ?? 'Delete (default)'}`);
    if (options.updateReplacePolicy !== CfnDeletionPolicy.RETAIN)
      reasons.push(`UpdateReplacePolicy ${options.updateReplacePolicy ?? 'Delete (default)'}`);
    return findings(reasons);
  },
};
