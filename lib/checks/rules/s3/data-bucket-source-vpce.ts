/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, Statement, asArray, conditionKeys, grantsAction, principals, statements } from '../../cfn';
import { AppModel, ModelResource, isDataBucketPurpose } from '../../model';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { endpointService, isGatewayEndpoint } from '../ec2/endpoint-service';
import { OBJECT_READ_ACTIONS_TO_DENY } from './object-reads';

/** A Deny of object reads from outside the S3 endpoint, and whom and what it leaves out. */
interface PerimeterDeny {
  /** Principals the deny does not apply to (ArnNotEquals aws:PrincipalArn). */
  readonly exempt: string[];
  /** Principals the deny applies to only (ArnEquals aws:PrincipalArn); empty for everyone. */
  readonly only: string[];
  /** It leaves out objects approved by tag (s3:ExistingObjectTag) or listed in NotResource. */
  readonly carvesOut: boolean;
}

const key = (v: Json) => JSON.stringify(v);

function perimeterDeny(model: AppModel, policy: ModelResource, s: Statement): PerimeterDeny | undefined {
  if (s.Effect !== 'Deny' || s.NotPrincipal !== undefined) return undefined;
  if (!principals(s).some((p) => p.kind === '*')) return undefined;
  if (!OBJECT_READ_ACTIONS_TO_DENY.every((a) => grantsAction(s, a))) return undefined;
  const exempt: string[] = [];
  const only: string[] = [];
  let endpoint = false;
  let carvesOut = s.NotResource !== undefined;
  for (const c of conditionKeys(s)) {
    if (/^StringNotEquals(IfExists)?$/.test(c.operator) && c.key === 'aws:sourcevpce') {
      endpoint = asArray(c.value).every((v) => {
        const e = model.deref(v, policy.stack);
        return (
          e?.type === 'AWS::EC2::VPCEndpoint' &&
          isGatewayEndpoint(e.props) &&
          endpointService(e.props.ServiceName) === 's3'
        );
      });
    } else if (/^ArnNot(Equals|Like)$/.test(c.operator) && c.key === 'aws:principalarn') {
      exempt.push(...asArray(c.value).map(key));
    } else if (/^Arn(Equals|Like)$/.test(c.operator) && c.key === 'aws:principalarn') {
      only.push(...asArray(c.value).map(key));
    } else if (c.operator === 'StringNotEquals' && c.key.startsWith('s3:existingobjecttag/')) {
      carvesOut = true;
    } else {
      return undefined; // any other condition narrows the deny in ways this rule cannot follow
    }
  }
  return endpoint ? { exempt, only, carvesOut } : undefined;
}

/**
 * Reads are confined when one deny covers every principal and every object, except principals that
 * a deny of their own still confines, apart from objects approved for release by tag or named
 * outside its NotResource.
 */
function confined(denies: PerimeterDeny[]): boolean {
  return denies.some(
    (main) =>
      main.only.length === 0 &&
      !main.carvesOut &&
      main.exempt.every((p) => denies.some((d) => d !== main && d.only.includes(p) && !d.exempt.includes(p))),
  );
}

export const DataBucketSourceVpce: IsolationRule = {
  id: 'S3VPCE',
  control: 5,
  types: ['AWS::S3::Bucket'],
  info: 'Object reads from this data bucket are not denied for every principal when they do not come through the project S3 endpoint.',
  explanation:
    'Without an aws:SourceVpce deny, stolen or over-broad credentials (the training role included) read ' +
    'the data from anywhere. Add a bucket policy statement: Deny, Principal *, s3:GetObject and ' +
    's3:GetObjectVersion on the objects, Condition StringNotEquals aws:SourceVpce = the S3 gateway ' +
    "endpoint's ID (S3DataPerimeter does this). A principal exempted from it (ArnNotEquals aws:PrincipalArn, " +
    'e.g. a release role) must be confined by a deny of its own that leaves out only release-approved ' +
    'objects (s3:ExistingObjectTag) or named keys (NotResource); no other condition may narrow the deny.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isDataBucketPurpose(model.purpose(r))) return NOT_APPLICABLE;
    const denies = model.bucketPolicies(r).flatMap((p) =>
      statements(p.props.PolicyDocument).flatMap((s) => {
        const d = perimeterDeny(model, p, s);
        return d ? [d] : [];
      }),
    );
    return confined(denies) ? COMPLIANT : NON_COMPLIANT;
  },
};
