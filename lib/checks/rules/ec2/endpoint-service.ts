/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { Json, flatten } from '../../cfn';

/** `com.amazonaws.<region>.sagemaker.api` → `sagemaker.api`; undefined when it cannot be read. */
export function endpointService(serviceName: Json): string | undefined {
  const m = /^(?:aws\.sagemaker\.|com\.amazonaws\.)[^.]+\.(.+)$/.exec(flatten(serviceName));
  return m ? m[1] : undefined;
}

/** Gateway endpoints are the default type. */
export function isGatewayEndpoint(props: Json): boolean {
  return props.VpcEndpointType === undefined || props.VpcEndpointType === 'Gateway';
}
