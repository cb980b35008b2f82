/** The KMS key actions the rules ask about: data use, grants and administration. */
export const KEY_DATA_ACTIONS = [
  'kms:Decrypt',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GenerateDataKeyPair',
  'kms:GenerateDataKeyPairWithoutPlaintext',
  'kms:DeriveSharedSecret',
  'kms:Sign',
  'kms:Verify',
  'kms:GenerateMac',
  'kms:VerifyMac',
];

/** Actions that hand the key's use to someone else, or change who may use it. */
export const KEY_CONTROL_ACTIONS = [
  'kms:CreateGrant',
  'kms:PutKeyPolicy',
  'kms:ReplicateKey',
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:ListGrants',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdatePrimaryRegion',
];

/** What decrypts data encrypted under the key (ReEncryptFrom re-encrypts it under a key of the caller's choosing). */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt', 'kms:ReEncryptFrom'];
