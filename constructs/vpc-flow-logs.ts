import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EncryptedLogGroup } from './encrypted-log-group';
import { ServiceRole } from './service-role';

export interface VpcFlowLogsProps {
  readonly vpc: ec2.IVpc;
  readonly encryptionKey: kms.IKey;
  readonly retentionDays: number;
}

/** Flow logs of all traffic (accepted and rejected) into a KMS-encrypted, retained log group. */
export class VpcFlowLogs extends Construct {
  public readonly logGroup: EncryptedLogGroup;
  public readonly flowLog: ec2.FlowLog;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      encryptionKey: props.encryptionKey,
      retentionDays: props.retentionDays,
    });
    const delivery = new ServiceRole(this, 'DeliveryRole', {
      service: 'vpc-flow-logs.amazonaws.com',
      description: 'VPC flow logs: deliver to the project flow-log group',
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.logGroup.logGroupArn],
        }),
      ],
    });
    this.flowLog = new ec2.FlowLog(this, 'Resource', {
      resourceType: ec2.FlowLogResourceType.fromVpc(props.vpc),
      // The role's permissions are in its managed policy; keep CDK from adding an inline copy.
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        this.logGroup.logGroup,
        delivery.role.withoutPolicyUpdates(),
      ),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.flowLog.node.addDependency(delivery.policy);
  }
}
