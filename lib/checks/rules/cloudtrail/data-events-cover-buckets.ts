import { CfnResource } from 'aws-cdk-lib';
import { isDataBucketPurpose } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { isTrustworthyTrail, trailsCovering } from './trail-coverage';

export const DataEventsCoverBuckets: IsolationRule = {
  id: 'TRAIL1',
  control: 8,
  types: ['AWS::S3::Bucket'],
  info: 'No validated, KMS-encrypted, logging trail in this app records S3 data events (read and write) for every object of this data bucket.',
  explanation:
    'Without object-level data events nobody can tell who read which training file. Add the bucket to ' +
    'the event selectors of a trail defined in the same app (DataResources type AWS::S3::Object with ' +
    '"<bucketArn>/", ReadWriteType All) that has EnableLogFileValidation true and a KMSKeyId (AuditTrail does this). ' +
    'A value longer than "<bucketArn>/" is a prefix: objects outside it are read unrecorded.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isDataBucketPurpose(model.purpose(r))) return NOT_APPLICABLE;
    return trailsCovering(model, r).some(isTrustworthyTrail) ? COMPLIANT : NON_COMPLIANT;
  },
};
