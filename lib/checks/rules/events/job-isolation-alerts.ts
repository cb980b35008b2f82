/* eslint-disable @typescript-eslint/no-unsafe-assignment -- events are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, inModel } from '../../rule';
import { byApi, findings } from '../findings';
import { RequiredEvent, apiCall, unalerted } from './alerts';
import { securityGroupsOf, subnetsOf } from './network-of';
import { refToken } from './render';

const OUTSIDE_SUBNET = 'subnet-0outside0000000000';
const OUTSIDE_GROUP = 'sg-0outside00000000000';

/**
 * The job requests that break isolation: the network-isolation flag false or left out, no VPC, a
 * subnet or security group outside this VPC. Training jobs carry them at the top of the request,
 * processing jobs under `networkConfig`.
 */
export function isolationBreaches(model: AppModel, vpc: ModelResource): RequiredEvent[] {
  const subnets = subnetsOf(model, vpc).map(refToken);
  const groups = securityGroupsOf(model, vpc).map(refToken).slice(0, 1);
  const inside = { subnets, securityGroupIds: groups };
  const variants: { name: string; network: Json }[] = [
    { name: 'isolation off', network: { enableNetworkIsolation: false, vpcConfig: inside } },
    { name: 'isolation omitted', network: { vpcConfig: inside } },
    { name: 'no VPC', network: { enableNetworkIsolation: true } },
    {
      name: 'subnet outside',
      network: { enableNetworkIsolation: true, vpcConfig: { ...inside, subnets: [OUTSIDE_SUBNET] } },
    },
    {
      name: 'security group outside',
      network: { enableNetworkIsolation: true, vpcConfig: { ...inside, securityGroupIds: [OUTSIDE_GROUP] } },
    },
  ];
  return variants.flatMap((v) => [
    {
      name: `CreateTrainingJob ${v.name}`,
      event: apiCall(vpc, 'sagemaker', 'CreateTrainingJob', { trainingJobName: 'job', ...v.network }),
    },
    {
      name: `CreateProcessingJob ${v.name}`,
      event: apiCall(vpc, 'sagemaker', 'CreateProcessingJob', {
        processingJobName: 'job',
        networkConfig: v.network,
      }),
    },
  ]);
}

export const JobIsolationAlerts: IsolationRule = {
  id: 'MON1',
  control: 14,
  types: ['AWS::EC2::VPC'],
  info: "No enabled alert reaches a sound topic when a training or processing job is created outside this VPC's isolation.",
  explanation:
    'The launcher policy refuses such jobs, but a principal with other permissions can still start one; the ' +
    'alert is the detective control. Keep an ENABLED EventBridge rule on the default bus that matches ' +
    'CreateTrainingJob and CreateProcessingJob when network isolation is false or absent, the VPC config is ' +
    "absent, or a subnet or security group is not this VPC's (JobIsolationMonitor does this), and target the " +
    "project's KMS-encrypted, subscribed SNS topic whose policy admits the rule.",
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(byApi(unalerted(model, isolationBreaches(model, r))).map((n) => `${n}: no alert`));
  },
};
