import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Every managed data identifier CloudWatch Logs knows (names, addresses, emails, phone, passport,
 * national-ID, tax, bank, card and health numbers, IP addresses, private keys and AWS secret keys):
 * a container prints whatever it prints, so the job log groups mask all of them as they are ingested.
 */
export function personalDataIdentifiers(): logs.DataIdentifier[] {
  return Object.values(logs.DataIdentifier).filter(
    (v): v is logs.DataIdentifier => v instanceof logs.DataIdentifier,
  );
}

/**
 * The data protection policy of the shared SageMaker job log groups: audit and mask every managed
 * identifier. Revealing a masked value takes logs:Unmask, which no project role has and which the
 * launcher, run-governance and training policies deny on these groups.
 */
export function jobLogMasking(): logs.DataProtectionPolicy {
  return new logs.DataProtectionPolicy({
    name: 'isotrain-job-logs',
    description: 'isotrain: mask personal data and secrets printed by training and evaluation containers',
    identifiers: personalDataIdentifiers(),
  });
}
