import { IsolationRule } from '../rule';
import { CheckedIsDeployed } from './cloudformation/checked-is-deployed';
import { NothingElseRuns } from './compute/nothing-else-runs';
import { EndpointReachesAllowedService } from './ec2/endpoint-reaches-allowed-service';
import { FlowLogsCoverVpc } from './ec2/flow-logs';
import { NothingElseAttached } from './ec2/nothing-else-attached';
import { DnsFirewall } from './route53resolver/dns-firewall';
import { NoDnsWayOut } from './route53resolver/dns-paths';
import { DnsQueryLogging } from './route53resolver/query-logging';
import { StatefulRetained } from './cloudformation/stateful-retained';
import { UnconditionalControls } from './cloudformation/unconditional-controls';
import { AuditObjectLock } from './s3/audit-object-lock';
import { BucketExports } from './s3/bucket-exports';
import { NoOtherReaders } from './s3/no-other-readers';
import { RunRecordWrites } from './cloudtrail/run-record-writes';
import { JobLogProtection } from './logs/job-log-protection';
import { NoLogShipping } from './logs/no-log-shipping';
import { AlertsNeedTrail } from './events/alerts-need-trail';
import { JobIsolationAlerts } from './events/job-isolation-alerts';
import { TamperAlerts } from './events/tamper-alerts';
import { AlertTopic } from './sns/alert-topic';
import { DataEventsCoverBuckets } from './cloudtrail/data-events-cover-buckets';
import { TrailIntegrity } from './cloudtrail/trail-integrity';
import { InterfaceEndpointPolicy } from './ec2/interface-endpoint-policy';
import { NoRouteOut } from './ec2/no-default-route';
import { NoInternetPathResources } from './ec2/no-internet-path-resources';
import { NoOpenEgress } from './ec2/no-open-egress';
import { NoOutsideIngress } from './ec2/no-outside-ingress';
import { NoPublicIpSubnet } from './ec2/no-public-ip-subnet';
import { S3GatewayEndpointPolicy } from './ec2/s3-gateway-endpoint-policy';
import { NoBroadManagedPolicies } from './iam/no-broad-managed-policies';
import { NoWholeServiceOnEverything } from './iam/no-whole-service-on-everything';
import { PassRoleScoped } from './iam/pass-role-scoped';
import { KeyPolicyPrincipals } from './kms/key-policy-principals';
import { KeyRotation } from './kms/key-rotation';
import { LambdaNoDataAccess } from './lambda/no-data-access';
import { LogGroupEncrypted } from './logs/log-group-encrypted';
import { LogGroupRetention } from './logs/log-group-retention';
import { BucketBlockPublicAccess } from './s3/bucket-block-public-access';
import { BucketKmsCmk } from './s3/bucket-kms-cmk';
import { BucketPolicyPrincipals } from './s3/bucket-policy-principals';
import { BucketReplicationStaysInside } from './s3/bucket-replication-stays-inside';
import { BucketTlsOnly } from './s3/bucket-tls-only';
import { BucketVersioning } from './s3/bucket-versioning';
import { DataBucketLifecycle } from './s3/data-bucket-lifecycle';
import { DataBucketSourceVpce } from './s3/data-bucket-source-vpce';
// Policy rules evaluated as AWS would decide (issue 9, the policy half).
import { BucketExportConfigurations } from './s3/bucket-export-configurations';
import { DataKeyUse } from './kms/data-key-use';
import { TrustPolicies } from './iam/trust-policies';
import { HolderFence } from './iam/holder-fence';
import { DataRolesWriteInside } from './iam/data-roles-write-inside';
import { ImagesFromNamedRepositories } from './iam/images-from-named-repositories';
import { NoGuardrailRewrites } from './iam/no-guardrail-rewrites';
import { LauncherGuardrails } from './sagemaker/launcher-guardrails';
import { LauncherFence } from './sagemaker/launcher-fence';
// Serving (issue 12).
import { ServingModelIsolation } from './sagemaker/serving-model-isolation';
import { ServingConfigEncryption } from './sagemaker/serving-config-encryption';
import { ServingDataCapture } from './sagemaker/serving-data-capture';
import { ServingInvokerScope } from './sagemaker/serving-invoker-scope';
import { ServingDeploymentGuardrails } from './sagemaker/serving-deployment-guardrails';
// The redaction gate (issue 13).
import { RawUploadsGate } from './s3/raw-uploads-gate';

/** Every Isolation rule, in control order. */
export const ISOLATION_RULES: readonly IsolationRule[] = [
  NoInternetPathResources,
  NoRouteOut,
  NoPublicIpSubnet,
  NoOpenEgress,
  NoOutsideIngress,
  InterfaceEndpointPolicy,
  S3GatewayEndpointPolicy,
  BucketKmsCmk,
  BucketTlsOnly,
  BucketBlockPublicAccess,
  BucketVersioning,
  BucketPolicyPrincipals,
  BucketReplicationStaysInside,
  DataBucketSourceVpce,
  DataBucketLifecycle,
  KeyRotation,
  KeyPolicyPrincipals,
  DataEventsCoverBuckets,
  TrailIntegrity,
  LogGroupEncrypted,
  LogGroupRetention,
  LambdaNoDataAccess,
  NoWholeServiceOnEverything,
  NoBroadManagedPolicies,
  PassRoleScoped,
  // ---- coverage (issue 9, point 2): ways out, copies, retention, audit, detection ----
  NothingElseAttached,
  NothingElseRuns,
  EndpointReachesAllowedService,
  FlowLogsCoverVpc,
  NoDnsWayOut,
  DnsFirewall,
  DnsQueryLogging,
  BucketExports,
  NoOtherReaders,
  AuditObjectLock,
  StatefulRetained,
  UnconditionalControls,
  RunRecordWrites,
  JobLogProtection,
  NoLogShipping,
  JobIsolationAlerts,
  TamperAlerts,
  AlertTopic,
  AlertsNeedTrail,
  // Policy rules evaluated as AWS would decide (issue 9, the policy half).
  BucketExportConfigurations,
  DataKeyUse,
  TrustPolicies,
  HolderFence,
  DataRolesWriteInside,
  NoGuardrailRewrites,
  ImagesFromNamedRepositories,
  LauncherGuardrails,
  LauncherFence,
  // Serving (issue 12).
  ServingModelIsolation,
  ServingConfigEncryption,
  ServingDataCapture,
  ServingInvokerScope,
  ServingDeploymentGuardrails,
  // The redaction gate (issue 13).
  RawUploadsGate,
  // What deploys is what was checked.
  CheckedIsDeployed,
];
