import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A trust principal naming exactly the given IAM roles or users, never the account root (which
 * would let every principal of the account whose own policies allow it assume the role). Throws
 * naming the prop and the value when the list is empty or names the root or a wildcard.
 */
export function trustOnly(arns: readonly string[], prop: string): iam.IPrincipal {
  if (arns.length === 0) throw new Error(`${prop} must name at least one IAM role or user, got []`);
  for (const arn of arns) {
    if (Token.isUnresolved(arn)) continue;
    if (!/^arn:[^:]+:iam::\d{12}:(role|user)\/[^*]+$/.test(arn)) {
      throw new Error(
        `${prop} must list IAM role or user ARNs (not the account root, no wildcards), got "${arn}"`,
      );
    }
  }
  const principals = arns.map((arn) => new iam.ArnPrincipal(arn));
  return principals.length === 1 ? principals[0] : new iam.CompositePrincipal(...principals);
}
