/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { allows, asArray, flatten, statements } from '../../cfn';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, NOT_APPLICABLE, inModel } from '../../rule';
import { endpointService, isGatewayEndpoint } from './endpoint-service';

export const S3GatewayEndpointPolicy: IsolationRule = {
  id: 'VPCE2',
  control: 3,
  types: ['AWS::EC2::VPCEndpoint'],
  info: "The S3 gateway endpoint's policy does not name the buckets it admits (no policy, a * resource, or a bucket outside this app).",
  explanation:
    'Through an S3 endpoint without a resource-scoped policy, code in the VPC can copy data to any bucket, ' +
    "including an attacker's. Give the endpoint a policy whose Allow statements list only this project's " +
    'buckets and their objects (bucketArn and arnForObjects("*")), never "*" or arn:aws:s3:::*.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!isGatewayEndpoint(r.props) || endpointService(r.props.ServiceName) !== 's3') return NOT_APPLICABLE;
    const allowed = statements(r.props.PolicyDocument).filter(allows);
    if (allowed.length === 0) return NON_COMPLIANT;
    for (const s of allowed) {
      if (s.NotResource !== undefined || s.Resource === undefined) return NON_COMPLIANT;
      for (const resource of asArray(s.Resource)) {
        const bucket = model.references(resource, r.stack).find((b) => b.type === 'AWS::S3::Bucket');
        if (bucket) continue;
        const literal = /^arn:[^:]*:s3:::([^/]+)/.exec(flatten(resource));
        const namedInApp =
          literal &&
          !literal[1].includes('*') &&
          model.ofType('AWS::S3::Bucket').some((b) => model.refersTo(resource, b, r.stack));
        if (!namedInApp) return NON_COMPLIANT;
      }
    }
    return COMPLIANT;
  },
};
