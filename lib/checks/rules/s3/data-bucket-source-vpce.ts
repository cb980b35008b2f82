import { CfnResource } from 'aws-cdk-lib';
import { Statement, asArray, conditionKeys, grantsAction, principals, statements } from '../../cfn';
import { AppModel, ModelResource, isDataBucketPurpose } from '../../model';
import { OBJECT_READ_ACTIONS_TO_DENY } from './object-reads';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { endpointService, isGatewayEndpoint } from '../ec2/endpoint-service';

function deniesReadsOutsideEndpoint(model: AppModel, policy: ModelResource, s: Statement): boolean {
  if (s.Effect !== 'Deny' || s.NotPrincipal !== undefined) return false;
  if (!principals(s).some((p) => p.kind === '*')) return false;
  if (!OBJECT_READ_ACTIONS_TO_DENY.every((a) => grantsAction(s, a))) return false;
  const conditions = conditionKeys(s);
  // Any further condition is ANDed and would exempt someone: the deny must stand alone.
  if (conditions.length !== 1) return false;
  const [c] = conditions;
  if (!/^StringNotEquals(IfExists)?$/.test(c.operator) || c.key !== 'aws:sourcevpce') return false;
  return asArray(c.value).every((v) => {
    const endpoint = model.deref(v, policy.stack);
    return (
      endpoint?.type === 'AWS::EC2::VPCEndpoint' &&
      isGatewayEndpoint(endpoint.props) &&
      endpointService(endpoint.props.ServiceName) === 's3'
    );
  });
}

export const DataBucketSourceVpce: IsolationRule = {
  id: 'S3VPCE',
  control: 5,
  types: ['AWS::S3::Bucket'],
  info: 'Object reads from this data bucket are not denied when they do not come through the project S3 endpoint.',
  explanation:
    'Without an aws:SourceVpce deny, stolen or over-broad credentials (the training role included) read ' +
    'the data from anywhere. Add a bucket policy statement: Deny, Principal *, s3:GetObject and ' +
    's3:GetObjectVersion on the objects, Condition StringNotEquals aws:SourceVpce = the S3 gateway ' +
    "endpoint's ID, and no other condition (S3DataPerimeter does this).",
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isDataBucketPurpose(model.purpose(r))) return NOT_APPLICABLE;
    const ok = model
      .bucketPolicies(r)
      .some((p) => statements(p.props.PolicyDocument).some((s) => deniesReadsOutsideEndpoint(model, p, s)));
    return ok ? COMPLIANT : NON_COMPLIANT;
  },
};
