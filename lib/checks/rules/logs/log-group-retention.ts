/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { JOB_LOG_GROUPS } from '../../../contract';
import { flatten } from '../../cfn';
import { TEMPLATE_BOUNDS } from '../../project-settings';
import { IsolationRule, inModel } from '../../rule';
import { findings } from '../findings';

export const LogGroupRetention: IsolationRule = {
  id: 'LOG2',
  control: 9,
  types: ['AWS::Logs::LogGroup'],
  info: 'The log group keeps events forever (no retention), or an audit log group (flow logs, DNS queries, trail events) keeps them less than the minimum.',
  explanation:
    "Logs kept forever are data kept forever. Set retention (RetentionInDays) to the project's log retention " +
    `(retention.logDays, at least ${TEMPLATE_BOUNDS.minLogDays} days): flow logs, DNS query logs and trail ` +
    'events kept less are evidence deleted before anyone asks for it. The SageMaker job log groups keep ' +
    'their own short retention (Isolation-LOG3).',
  check: (node: CfnResource) => {
    const { r } = inModel(node);
    const days = r.props.RetentionInDays;
    if (days === undefined) return findings(['no retention: events are kept forever']);
    if ((JOB_LOG_GROUPS as readonly string[]).includes(flatten(r.props.LogGroupName))) return findings([]);
    return findings(
      Number(days) >= TEMPLATE_BOUNDS.minLogDays
        ? []
        : [`retention ${flatten(days)} days, less than ${TEMPLATE_BOUNDS.minLogDays}`],
    );
  },
};
