import { CfnResource } from 'aws-cdk-lib';
import { IsolationRule, inModel } from '../../rule';
import { NETWORK_TYPES, attachedTo, isNetworkType } from '../ec2/attachments';
import { findings, named } from '../findings';
import { ISOLATABLE_SAGEMAKER, serviceIsolationGaps } from './isolated-serving';

export const NothingElseRuns: IsolationRule = {
  id: 'COMPUTE1',
  control: 12,
  types: NETWORK_TYPES,
  info: 'Compute or a service other than isolated SageMaker jobs and models is placed in the project subnets or security groups.',
  explanation:
    'Anything else running in the project network (a Lambda with VpcConfig, EC2 instances and launch templates, ' +
    'ECS, EKS, Batch, EMR, Glue connections, databases, caches, file systems, load balancers, notebooks, ' +
    'domains, scheduled tasks) reaches the data through the S3 endpoint and has its own way out: its role, ' +
    'its console, its service. Run it elsewhere. SageMaker models and monitoring jobs may use the project ' +
    'subnets and training security group with EnableNetworkIsolation true.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    return findings(
      attachedTo(model, r)
        .filter((a) => !isNetworkType(a.type))
        .flatMap((a) => {
          if (!ISOLATABLE_SAGEMAKER.includes(a.type)) return [named(a)];
          const gaps = serviceIsolationGaps(model, a);
          return gaps.length > 0 ? [`${named(a)}: ${gaps.join(', ')}`] : [];
        }),
    );
  },
};
