import { CfnDeletionPolicy } from 'aws-cdk-lib';
import { findingsOf, res } from '../coverage-support';

describe('Isolation-KEEP1 stateful resources are retained', () => {
  const keep = (deletion?: CfnDeletionPolicy, replace?: CfnDeletionPolicy) =>
    findingsOf((s) => {
      const r = res(s, 'Group', 'AWS::Logs::LogGroup', { RetentionInDays: 30 });
      r.cfnOptions.deletionPolicy = deletion;
      r.cfnOptions.updateReplacePolicy = replace;
    })['Isolation-KEEP1'];
  test('passes Retain on deletion and replacement', () => {
    expect(keep(CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.RETAIN)).toBeUndefined();
  });
  test('fails when CloudFormation deletes it with the stack (the default)', () => {
    expect(keep(undefined, CfnDeletionPolicy.RETAIN)).toEqual(['Group: DeletionPolicy Delete (default)']);
  });
  test('fails when a replacing update deletes the old one', () => {
    expect(keep(CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.DELETE)).toEqual([
      'Group: UpdateReplacePolicy Delete',
    ]);
  });
});
