import { CfnResource } from 'aws-cdk-lib';
import { AppModel, ModelResource, isStackNameKnown } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings } from '../findings';
import { RequiredEvent, apiCallAlertRules, targetTopics, unalerted } from './alerts';
import {
  alertRuleTampering,
  bucketTampering,
  dnsFirewallTampering,
  jobLogTampering,
  keyTampering,
  sageMakerOutsideAllowlist,
  topicTampering,
  trailTampering,
  trainingOutputsElsewhere,
} from './tamper-events';

/** What must alert for a resource, or undefined when the rule does not watch it. */
function watched(model: AppModel, r: ModelResource): RequiredEvent[] | undefined {
  switch (r.type) {
    case 'AWS::CloudTrail::Trail':
      return trailTampering(r);
    case 'AWS::S3::Bucket':
      return bucketTampering(r);
    case 'AWS::KMS::Key':
      return keyTampering(model, r);
    case 'AWS::EC2::VPC':
      return [
        ...jobLogTampering(r),
        ...sageMakerOutsideAllowlist(r),
        ...trainingOutputsElsewhere(model, r),
        ...dnsFirewallTampering(r),
      ];
    case 'AWS::SNS::Topic':
      return apiCallAlertRules(model).some((rule) => targetTopics(model, rule).includes(r))
        ? topicTampering(r)
        : undefined;
    case 'AWS::Events::Rule':
      // Its deployed name is known only with the stack's (a manifest beside the template, or inferred).
      return isStackNameKnown(r.stack) && apiCallAlertRules(model).includes(r)
        ? alertRuleTampering(r)
        : undefined;
    default:
      return undefined;
  }
}

export const TamperAlerts: IsolationRule = {
  id: 'MON2',
  control: 14,
  types: [
    'AWS::CloudTrail::Trail',
    'AWS::S3::Bucket',
    'AWS::KMS::Key',
    'AWS::EC2::VPC',
    'AWS::SNS::Topic',
    'AWS::Events::Rule',
  ],
  info: 'Tampering with this resource (or, for the VPC, with the job logs, DNS firewall, SageMaker allowlist or training outputs; for an alert rule, with the rule itself) raises no alert.',
  explanation:
    'An administrator can loosen any preventive control; the alert is what makes it seen. Keep ENABLED ' +
    'EventBridge rules on the default bus (TamperMonitor) that match, from CloudTrail: StopLogging, DeleteTrail, ' +
    'UpdateTrail and PutEventSelectors on the trail; policy, replication, lifecycle, Object Lock, public access, ' +
    'encryption, versioning, logging and export changes on every project bucket; key policy, state, deletion ' +
    'and grants on every project key (by ID, ARN and alias); exports, subscriptions and unmasking of the job ' +
    'log groups; DNS firewall changes; SageMaker calls outside the launcher allowlist; and changes to the ' +
    'alert topic; training jobs writing their output or checkpoints outside the project; and DisableRule, ' +
    'DeleteRule, PutRule, PutTargets and RemoveTargets on every alert rule (by its deployed name, the stack ' +
    "name and its logical ID unless it sets Name). Target the project's KMS-encrypted, subscribed SNS topic " +
    'whose policy admits them.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    const required = watched(model, r);
    if (!required) return NOT_APPLICABLE;
    return findings(unalerted(model, required).map((n) => `${n}: no alert`));
  },
};
