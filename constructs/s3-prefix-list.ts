import * as path from 'node:path';
import { CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeCustomResourceProvider } from './acknowledge';

const RESOURCE_TYPE = 'Custom::IsotrainS3PrefixList';

/**
 * The ID of the AWS-managed S3 prefix list in this stack's region, looked up at deploy time.
 * CloudFormation exposes no attribute for it and synth must stay offline, so a small custom
 * resource asks EC2 for it. Its role may only describe managed prefix lists.
 */
export class S3PrefixList extends Construct {
  public readonly prefixListId: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const provider = CustomResourceProvider.getOrCreateProvider(this, RESOURCE_TYPE, {
      codeDirectory: path.join(__dirname, 'handlers', 's3-prefix-list'),
      runtime: CustomResourceProviderRuntime.NODEJS_24_X,
      description: 'isotrain: looks up the S3 managed prefix list ID',
      policyStatements: [{ Effect: 'Allow', Action: ['ec2:DescribeManagedPrefixLists'], Resource: '*' }],
    });
    acknowledgeCustomResourceProvider(provider, 'S3 prefix list lookup');
    acknowledge(
      provider.node.findChild('Role'),
      'AwsSolutions-IAM5[Resource::*]',
      'ec2:DescribeManagedPrefixLists supports no resource-level permissions; the role may do nothing else.',
    );
    const resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: RESOURCE_TYPE,
      properties: { PrefixListName: `com.amazonaws.${Stack.of(this).region}.s3` },
    });
    this.prefixListId = resource.getAttString('PrefixListId');
  }
}
