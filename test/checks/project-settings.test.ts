import { projectSettingsOf } from '../../lib/checks/project-settings';
import { checkTemplates } from '../../lib/checks/run';
import { sharedProject } from '../helpers';
import { sharedAssembly } from '../support/assembly';

/** Isolation findings of the shared project's templates, checked as `isotrain check` does in app mode. */
function withSettings(
  change: (s: ReturnType<typeof projectSettingsOf>) => ReturnType<typeof projectSettingsOf>,
) {
  const settings = change(projectSettingsOf(sharedProject()));
  const report = checkTemplates(sharedAssembly().files, {
    packs: 'isolation',
    controlTower: false,
    cfnLint: false,
    projectSettings: new Map([[sharedProject().name, settings]]),
  });
  return report.findings.map((f) => `${f.rule} ${f.logicalId}`);
}

describe('project settings (app mode) against the synthesized templates', () => {
  test('the templates match their own project file', () => {
    expect(withSettings((s) => s)).toEqual([]);
  });
  test('a lock, lifecycle or job-log retention other than the project file says is a finding', () => {
    const findings = withSettings((s) => ({
      ...s,
      objectLock: { mode: 'GOVERNANCE', days: s.objectLock.days },
      checkpointDays: s.checkpointDays + 1,
      jobLogDays: 60,
    }));
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Isolation-AUDIT1\[retention mode COMPLIANCE, the project file says GOVERNANCE\] Audit/,
        ),
        expect.stringMatching(
          /^Isolation-S3LIFE\[checkpoints expire after 14 days, the project file says 15\] Artifacts/,
        ),
        expect.stringMatching(
          /^Isolation-LOG3\[kept 30 days, the project file says 60\] SageMakerTrainingLogs/,
        ),
      ]),
    );
  });
});
