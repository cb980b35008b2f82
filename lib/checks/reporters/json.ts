import { CheckReport } from '../findings';
import { relativePath } from './common';

/** The whole report as JSON, paths relative to the working directory. */
export function jsonReport(report: CheckReport, cwd: string): string {
  const rel = <T extends { file?: string }>(x: T) => ({ ...x, file: relativePath(x.file, cwd) });
  return `${JSON.stringify(
    {
      ok: report.findings.length === 0,
      mode: report.mode,
      packs: report.packs,
      tools: report.tools,
      summary: {
        findings: report.findings.length,
        warnings: report.warnings.length,
        acknowledged: report.acknowledgments.length,
        staleAcknowledgments: report.staleAcknowledgments.length,
        ignoredAcknowledgments: report.ignoredAcknowledgments.length,
        resources: report.resources.length,
        templates: report.stacks.length,
      },
      findings: report.findings.map(rel),
      warnings: report.warnings.map(rel),
      acknowledgments: report.acknowledgments.map((a) => ({
        ...rel(a),
        acknowledgedIn: a.acknowledgedIn && rel(a.acknowledgedIn),
      })),
      staleAcknowledgments: report.staleAcknowledgments.map(rel),
      ignoredAcknowledgments: report.ignoredAcknowledgments,
      guardAcknowledgments: report.guardAcknowledgments,
      stacks: report.stacks.map(rel),
      notes: report.notes,
      timingsMs: report.timings,
    },
    null,
    2,
  )}\n`;
}
