/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Statement, conditionKeys, grantsAction, principals, statements } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

function deniesPlainHttp(s: Statement): boolean {
  if (s.Effect !== 'Deny' || !principals(s).some((p) => p.kind === '*')) return false;
  if (!grantsAction(s, 's3:GetObject') || !grantsAction(s, 's3:PutObject')) return false;
  const conditions = conditionKeys(s);
  return (
    conditions.length === 1 &&
    /^Bool(IfExists)?$/.test(conditions[0].operator) &&
    conditions[0].key === 'aws:securetransport' &&
    String(conditions[0].value).toLowerCase() === 'false'
  );
}

export const BucketTlsOnly: IsolationRule = {
  id: 'S3TLS',
  control: 4,
  types: ['AWS::S3::Bucket'],
  info: "The bucket's policy does not deny requests that are not sent over TLS.",
  explanation:
    'Without a TLS-only deny, objects can be read or written in clear text on the wire. Set enforceSSL: true ' +
    '(a Deny of s3:* for every principal when aws:SecureTransport is false) and minimumTLSVersion: 1.2.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const policies = model.bucketPolicies(r);
    const ok = policies.some((p) => statements(p.props.PolicyDocument).some(deniesPlainHttp));
    return ok ? COMPLIANT : NON_COMPLIANT;
  },
};
