/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { Json, asArray, isTrue } from '../../cfn';
import { AppModel, ModelResource } from '../../model';

/**
 * SageMaker resources that run a container with network isolation inside the project network: models
 * (and so the endpoints that serve them) and model-monitoring job definitions. A serving stack places
 * them in the project subnets; they are judged on their isolation, not refused by type.
 */
export const ISOLATABLE_SAGEMAKER = [
  'AWS::SageMaker::Model',
  'AWS::SageMaker::DataQualityJobDefinition',
  'AWS::SageMaker::ModelQualityJobDefinition',
  'AWS::SageMaker::ModelBiasJobDefinition',
  'AWS::SageMaker::ModelExplainabilityJobDefinition',
];

/** Every value resolves to one of `allowed` (resources of the app). */
function within(model: AppModel, r: ModelResource, values: Json, allowed: ModelResource[]): boolean {
  const list = asArray(values);
  return (
    list.length > 0 &&
    list.every((v) => {
      const target = model.deref(v, r.stack);
      return target !== undefined && allowed.includes(target);
    })
  );
}

/**
 * Why an isolatable SageMaker resource is not isolated in the project network (empty when it is):
 * network isolation on, and a VPC config whose subnets and security groups are all the project's.
 */
export function serviceIsolationGaps(model: AppModel, r: ModelResource): string[] {
  const network = r.type === 'AWS::SageMaker::Model' ? r.props : (r.props.NetworkConfig ?? {});
  const vpc = network.VpcConfig ?? {};
  const gaps: string[] = [];
  if (!isTrue(network.EnableNetworkIsolation)) gaps.push('network isolation off');
  if (!within(model, r, vpc.Subnets, model.ofType('AWS::EC2::Subnet')))
    gaps.push('subnets outside the project');
  if (!within(model, r, vpc.SecurityGroupIds, model.ofType('AWS::EC2::SecurityGroup')))
    gaps.push('security groups outside the project');
  return gaps;
}
