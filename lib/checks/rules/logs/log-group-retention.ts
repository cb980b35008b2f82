/* eslint-disable @typescript-eslint/no-unsafe-member-access -- CloudFormation templates and policies are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { COMPLIANT, IsolationRule, NON_COMPLIANT, inModel } from '../../rule';

export const LogGroupRetention: IsolationRule = {
  id: 'LOG2',
  control: 9,
  types: ['AWS::Logs::LogGroup'],
  info: 'The log group keeps events forever (no retention).',
  explanation:
    "Logs kept forever are data kept forever. Set retention (RetentionInDays) to the project's log retention.",
  check: (node: CfnResource) =>
    inModel(node).r.props.RetentionInDays !== undefined ? COMPLIANT : NON_COMPLIANT,
};
