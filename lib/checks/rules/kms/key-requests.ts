/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
/** KMS requests the rules share: which key protects a bucket, and decrypting through S3. */
import { EvaluationResult } from '../../iam';
import { asArray } from '../../cfn';
import { ask } from '../../access/ask';
import { Caller, Inventory } from '../../access/inventory';
import { ModelResource } from '../../model';

/** The key of the templates a bucket encrypts with by default, if any. */
export function bucketKey(inv: Inventory, bucket: ModelResource): ModelResource | undefined {
  for (const c of asArray(bucket.props.BucketEncryption?.ServerSideEncryptionConfiguration)) {
    const key = inv.symbols.deref(c?.ServerSideEncryptionByDefault?.KMSMasterKeyID, bucket.stack);
    if (key?.type === 'AWS::KMS::Key') return key;
  }
  return undefined;
}

/** The service name S3 calls KMS as in the key's region. */
export function viaService(inv: Inventory, key: ModelResource, service: string): string {
  return `${service}.${inv.symbols.region(key)}.amazonaws.com`;
}

/** kms:Decrypt by a caller of the key's account, made by S3 for an object of the bucket. */
export function decryptViaS3(
  inv: Inventory,
  caller: Caller,
  key: ModelResource,
  bucket: ModelResource,
): EvaluationResult {
  return ask({
    caller,
    action: 'kms:Decrypt',
    resource: inv.symbols.attribute(key, 'Arn'),
    context: {
      'kms:ViaService': viaService(inv, key, 's3'),
      'kms:CallerAccount': caller.principal.account,
      'kms:EncryptionContext:aws:s3:arn': inv.symbols.attribute(bucket, 'Arn'),
      'aws:ViaAWSService': 'true',
    },
    resourcePolicy: inv.keyPolicy(key),
    kind: 'kms-key',
  });
}
