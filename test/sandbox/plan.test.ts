import { PROJECT_OUTPUTS, ProjectOutputKey } from '../../lib/contract';
import { outputsFileOf, sandboxPlan } from '../../lib/sandbox/plan';
import { project } from '../helpers';

describe('sandboxPlan', () => {
  test("the audit bucket takes the project's Object Lock mode and audit retention", () => {
    // GOVERNANCE as a project file of an older schema may still say: the stand-in mirrors the file.
    const config = project({ retention: { auditDays: 3000 } });
    const plan = sandboxPlan({ ...config, audit: { objectLockMode: 'GOVERNANCE' } });
    expect(plan.buckets.find((b) => b.output === 'AuditBucket')?.objectLock).toEqual({
      mode: 'GOVERNANCE',
      days: 3000,
    });
    expect(plan.buckets.filter((b) => b.objectLock)).toHaveLength(1);
    expect(plan.buckets.every((b) => b.versioned)).toBe(true);
  });

  test('every output the stacks publish has a value, in the project account and region', () => {
    const plan = sandboxPlan(project({ name: 'legal', account: '444455556666' }));
    const file = outputsFileOf(plan);
    const keys = Object.values(file).flatMap((o) => Object.keys(o));
    expect(keys.sort()).toEqual(Object.keys(PROJECT_OUTPUTS).sort());
    for (const stack of Object.keys(file))
      expect(stack).toMatch(/^legal-(Keys|Network|Data|Access|Monitoring)$/);
    for (const k of Object.keys(PROJECT_OUTPUTS) as ProjectOutputKey[]) {
      const v = plan.outputs[k];
      expect(v).toBeTruthy();
      if (v.startsWith('arn:')) expect(v).toMatch(/^arn:aws:[a-z0-9-]+:(eu-west-1)?:444455556666:/);
    }
    expect(plan.outputs.SubnetIds.split(',')).toHaveLength(2);
  });

  test('two projects never share a bucket or a placeholder ID', () => {
    const a = sandboxPlan(project({ name: 'legal' })).outputs;
    const b = sandboxPlan(project({ name: 'health' })).outputs;
    for (const k of Object.keys(a) as ProjectOutputKey[]) expect(a[k]).not.toBe(b[k]);
  });
});
