import { CheckReport, Finding } from '../findings';
import { acknowledgedBy, fileLine, resourceKey } from './common';

/** cfn-lint can quote long enumerations; a line is enough here (json/sarif keep it whole). */
const clip = (s: string) => (s.length > 240 ? `${s.slice(0, 240)}…` : s);

function group(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(resourceKey(f), [...(groups.get(resourceKey(f)) ?? []), f]);
  return groups;
}

/**
 * Findings grouped by resource, each with its rule, what is wrong and how to fix it; then every
 * acknowledgment that applied (and where it is written), the stale and the ignored ones.
 */
export function textReport(report: CheckReport, cwd: string): string {
  const lines: string[] = [];
  const resources = group(report.findings);
  for (const [key, findings] of resources) {
    const f = findings[0];
    const where = fileLine(f.file, f.line, cwd);
    lines.push(`${key}${f.resourceType ? ` (${f.resourceType})` : ''}${where ? `  ${where}` : ''}`);
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
  if (report.acknowledgments.length > 0) {
    lines.push(`${report.acknowledgments.length} acknowledgment(s), each on one resource:`);
    for (const a of report.acknowledgments) {
      lines.push(`  ~ ${a.rule} ${resourceKey(a)} [${acknowledgedBy(a, cwd)}]: ${clip(a.reason)}`);
    }
    lines.push('');
  }
  if (report.staleAcknowledgments.length > 0) {
    lines.push(
      `${report.staleAcknowledgments.length} stale acknowledgment(s), matching no finding (remove or correct them):`,
    );
    for (const s of report.staleAcknowledgments) {
      lines.push(`  ? ${s.rule} ${s.stack} / ${s.resource}  ${fileLine(s.file, s.line, cwd) ?? ''}`);
    }
    lines.push('');
  }
  if (report.ignoredAcknowledgments.length > 0) {
    lines.push(
      `${report.ignoredAcknowledgments.length} acknowledgment(s) in template metadata not honoured (a template cannot acknowledge the Isolation rules that judge it):`,
    );
    for (const i of report.ignoredAcknowledgments)
      lines.push(`  ✗ ${i.rule} ${resourceKey(i)}: ${clip(i.reason)}`);
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
