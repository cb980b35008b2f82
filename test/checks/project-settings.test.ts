import { ProjectConfig } from '../../lib/config';
import { checkTemplateFiles } from '../../lib/checks/run';
import { sharedProject } from '../helpers';
import { sharedAssembly } from '../support/assembly';

/**
 * Isolation findings of the shared project's templates, checked as `isotrain check` does in app mode:
 * each template's project file is known, and the rules compare lock and retention settings with it.
 */
function withProjectFile(change: (c: ProjectConfig) => ProjectConfig): string[] {
  const config = change(sharedProject());
  const report = checkTemplateFiles(
    'app',
    sharedAssembly().files,
    { packs: 'isolation', controlTower: false, cfnLint: false },
    { projectOf: () => ({ file: 'projects/legal.yaml', text: '', config }) },
  );
  return report.findings.map((f) => `${f.rule} ${f.logicalId}`);
}

describe('project settings (app mode) against the synthesized templates', () => {
  test('the templates match their own project file', () => {
    expect(withProjectFile((c) => c)).toEqual([]);
  });
  test('a lock, lifecycle or job-log retention other than the project file says is a finding', () => {
    const findings = withProjectFile((c) => ({
      ...c,
      audit: { ...c.audit, objectLockMode: 'GOVERNANCE' },
      retention: { ...c.retention, checkpointDays: c.retention.checkpointDays + 1, jobLogDays: 60 },
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
