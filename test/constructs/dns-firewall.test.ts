/** Issue 8, point 9: DNS out of the project VPC is an allowlist of AWS service names, logged. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { allowedDomains, endpointDomains } from '../../constructs/dns-firewall';
import { INTERFACE_ENDPOINT_SERVICES } from '../../lib/config';
import { project, synthProject } from '../helpers';

describe('the names a project VPC may resolve', () => {
  test('S3 in the project region (buckets are subdomains) and its global names, nothing else by default', () => {
    expect(allowedDomains('eu-west-1', [])).toEqual([
      's3.eu-west-1.amazonaws.com',
      '*.s3.eu-west-1.amazonaws.com',
      's3.amazonaws.com',
      '*.s3.amazonaws.com',
    ]);
  });

  test('each interface endpoint the project opted into, by its private DNS name', () => {
    expect(endpointDomains('sagemaker.api', 'eu-west-1')).toEqual(['api.sagemaker.eu-west-1.amazonaws.com']);
    expect(endpointDomains('sagemaker.runtime', 'eu-west-1')).toEqual([
      'runtime.sagemaker.eu-west-1.amazonaws.com',
    ]);
    expect(endpointDomains('ecr.api', 'eu-west-1')).toEqual(['api.ecr.eu-west-1.amazonaws.com']);
    expect(endpointDomains('ecr.dkr', 'eu-west-1')).toEqual(['*.dkr.ecr.eu-west-1.amazonaws.com']);
    expect(endpointDomains('sts', 'eu-west-1')).toEqual(['sts.eu-west-1.amazonaws.com']);
    // Every service the schema accepts has a name in the project region, and no wildcard beyond one label of AWS's.
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      for (const name of endpointDomains(service, 'eu-west-1'))
        expect(name).toMatch(/^(\*\.)?[a-z0-9.-]+\.eu-west-1\.amazonaws\.com$/);
    }
  });
});

describe('DnsFirewall in the project Network stack', () => {
  const { stage } = synthProject(project({ network: { ...project().network, interfaceEndpoints: ['sts'] } }));
  const network = Template.fromStack(stage.network);
  const [[, group]] = Object.entries(network.findResources('AWS::Route53Resolver::FirewallRuleGroup'));
  const lists = network.findResources('AWS::Route53Resolver::FirewallDomainList');
  const listOf = (rule: any) => lists[rule.FirewallDomainListId['Fn::GetAtt'][0]].Properties.Domains;

  test('allows the project names first, trusting the CNAME chains they start, then blocks every other name', () => {
    const [allow, block] = [...group.Properties.FirewallRules].sort(
      (a: any, b: any) => a.Priority - b.Priority,
    );
    expect(allow).toMatchObject({
      Action: 'ALLOW',
      FirewallDomainRedirectionAction: 'TRUST_REDIRECTION_DOMAIN',
    });
    expect(listOf(allow)).toEqual([
      's3.eu-west-1.amazonaws.com',
      '*.s3.eu-west-1.amazonaws.com',
      's3.amazonaws.com',
      '*.s3.amazonaws.com',
      'sts.eu-west-1.amazonaws.com',
    ]);
    expect(block).toMatchObject({ Action: 'BLOCK', BlockResponse: 'NXDOMAIN' });
    expect(listOf(block)).toEqual(['*']);
  });

  test('is associated with the project VPC', () => {
    const [vpcId] = Object.keys(network.findResources('AWS::EC2::VPC'));
    network.hasResourceProperties('AWS::Route53Resolver::FirewallRuleGroupAssociation', {
      VpcId: { Ref: vpcId },
      FirewallRuleGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DnsFirewallRuleGroup'), 'Id'] },
    });
  });

  test('logs every query of the VPC into a retained log group encrypted with the logs key', () => {
    const [vpcId] = Object.keys(network.findResources('AWS::EC2::VPC'));
    const [[groupId, logGroup]] = Object.entries(network.findResources('AWS::Logs::LogGroup')).filter(
      ([id]) => id.startsWith('DnsFirewallQueryLogs'),
    );
    expect(JSON.stringify(logGroup.Properties.KmsKeyId)).toMatch(/"StackName":"legal-Keys".*KeysLogs/);
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.DeletionPolicy).toBe('Retain');
    network.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      DestinationArn: { 'Fn::GetAtt': [groupId, 'Arn'] },
    });
    network.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResourceId: { Ref: vpcId },
    });
  });

  test('lets only the log delivery service write the query log, for this account only', () => {
    const [policy] = Object.values(network.findResources('AWS::Logs::ResourcePolicy'));
    const doc = JSON.parse(
      JSON.stringify(
        policy.Properties.PolicyDocument['Fn::Join'][1]
          .map((p: any) => (typeof p === 'string' ? p : 'ARN'))
          .join(''),
      ),
    );
    const parsed = JSON.parse(doc);
    expect(parsed.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111122223333:*' },
        },
      }),
    ]);
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['HIPAA', () => new HIPAASecurityChecks()],
    ['NIST', () => new NIST80053R5Checks()],
    ['PCI', () => new PCIDSS321Checks()],
  ])('the Network stack stays clean under %s', (_name, pack) => {
    expect(pack().validateScope(stage.network).violations).toEqual([]);
  });
});
