import { CfnOutput } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  SERVING_PARAMETERS,
  ServingParameterKey,
  servingOutputName,
  servingParameterName,
} from '../../lib/contract';

export interface ServingOutputsProps {
  readonly projectName: string;
  readonly endpoint: string;
  readonly values: Record<ServingParameterKey, string>;
}

/**
 * Publishes one endpoint's names as stack outputs (`<Endpoint><Key>`) and as SSM parameters under
 * `/isotrain/<project>/serving/<endpoint>/`, where `isotrain serving` and `invoke` find them.
 */
export class ServingOutputs extends Construct {
  constructor(scope: Construct, id: string, props: ServingOutputsProps) {
    super(scope, id);
    for (const key of Object.keys(SERVING_PARAMETERS) as ServingParameterKey[]) {
      const description = `isotrain ${props.projectName}: endpoint ${props.endpoint} ${key}`;
      new CfnOutput(scope, servingOutputName(props.endpoint, key), { value: props.values[key], description });
      new ssm.StringParameter(this, key, {
        parameterName: servingParameterName(props.projectName, props.endpoint, key),
        stringValue: props.values[key],
        description,
      });
    }
  }
}
