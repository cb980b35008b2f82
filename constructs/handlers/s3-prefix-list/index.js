'use strict';
// Deploy-time lookup of the AWS-managed S3 prefix list (com.amazonaws.<region>.s3), so the training
// security group can allow HTTPS to S3 and nothing else without a synth-time AWS call.
// CDK's entrypoint wrapper answers CloudFormation; this handler only returns the data.
const { EC2Client, DescribeManagedPrefixListsCommand } = require('@aws-sdk/client-ec2');

exports.handler = async function handler(event) {
  const name = event.ResourceProperties.PrefixListName;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const client = new EC2Client({});
  const out = await client.send(
    new DescribeManagedPrefixListsCommand({ Filters: [{ Name: 'prefix-list-name', Values: [name] }] }),
  );
  const list = (out.PrefixLists || []).find((p) => p.PrefixListName === name);
  if (!list) throw new Error(`managed prefix list ${name} not found in this region`);
  return { PhysicalResourceId: list.PrefixListId, Data: { PrefixListId: list.PrefixListId } };
};
