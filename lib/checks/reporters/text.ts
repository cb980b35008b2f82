import { CheckReport, Finding } from '../findings';
import { relativePath, resourceKey } from './common';

/** cfn-lint can quote long enumerations; a line is enough here (json/sarif keep it whole). */
const clip = (s: string) => (s.length > 240 ? `${s.slice(0, 240)}…` : s);

function group(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(resourceKey(f), [...(groups.get(resourceKey(f)) ?? []), f]);
  return groups;
}

/** Findings grouped by resource, each with its rule, what is wrong and how to fix it. */
export function textReport(report: CheckReport, cwd: string): string {
  const lines: string[] = [];
  const resources = group(report.findings);
  for (const [key, findings] of resources) {
    const f = findings[0];
    const where = relativePath(f.file, cwd);
    lines.push(
      `${key}${f.resourceType ? ` (${f.resourceType})` : ''}${where ? `  ${where}${f.line ? `:${f.line}` : ''}` : ''}`,
    );
    for (const x of findings) {
      lines.push(`  ✗ ${x.rule}`);
      lines.push(`      ${x.info}`);
      if (x.explanation) lines.push(`      fix: ${x.explanation}`);
    }
    lines.push('');
  }
  if (report.warnings.length > 0) {
    lines.push(`${report.warnings.length} warning(s), not failing the check:`);
    for (const w of report.warnings) lines.push(`  ! ${w.rule} ${resourceKey(w)}: ${clip(w.info)}`);
    lines.push('');
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  const checked = `${report.resources.length} resource(s) in ${report.stacks.length} template(s) checked with ${report.packs.join(', ')}`;
  lines.push(
    report.findings.length === 0
      ? `OK: no findings. ${checked}.`
      : `FAILED: ${report.findings.length} finding(s) on ${resources.size} resource(s). ${checked}.`,
  );
  return `${lines.join('\n')}\n`;
}
