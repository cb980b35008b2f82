/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { asArray, flatten } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const BucketKmsCmk: IsolationRule = {
  id: 'S3ENC',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: 'The bucket is not encrypted by default with SSE-KMS under a customer-managed key.',
  explanation:
    'With SSE-S3 or an AWS-managed key, anyone the bucket policy admits can read the objects; a ' +
    'customer-managed key adds a second, separately governed permission and a kill switch. Set ' +
    'encryption: BucketEncryption.KMS with encryptionKey: a project kms.Key (SSEAlgorithm aws:kms and ' +
    'KMSMasterKeyID pointing at an AWS::KMS::Key).',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const rules = asArray(r.props.BucketEncryption?.ServerSideEncryptionConfiguration);
    const ok = rules.some((c) => {
      const d = c?.ServerSideEncryptionByDefault;
      if (!d || !['aws:kms', 'aws:kms:dsse'].includes(d.SSEAlgorithm)) return false;
      if (d.KMSMasterKeyID === undefined) return false;
      const key = model.deref(d.KMSMasterKeyID, r.stack);
      if (key) return key.type === 'AWS::KMS::Key';
      const text = flatten(d.KMSMasterKeyID);
      return /:key\/[0-9a-f-]{36}$|^[0-9a-f-]{36}$|^mrk-/.test(text);
    });
    return ok ? COMPLIANT : NON_COMPLIANT;
  },
};
