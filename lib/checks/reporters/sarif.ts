import { createHash } from 'node:crypto';
import { CheckReport, Finding } from '../findings';
import { ISOLATION_PACK } from '../isolation-pack';
import { ISOLATION_RULES } from '../rules';
import { relativePath } from './common';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' };
  properties: { tags: string[] };
}

/** The rule ID without the per-finding suffix (`AwsSolutions-IAM5[Resource::*]` → `AwsSolutions-IAM5`). */
const baseRule = (rule: string) => rule.replace(/\[.*$/, '');

/**
 * SARIF 2.1.0 for GitHub code scanning: every Isolation rule plus each other rule that fired,
 * results located at the template line (or project file) with the resource as a logical location.
 */
export function sarifReport(report: CheckReport, cwd: string, version = '0.1.0'): string {
  const rules = new Map<string, SarifRule>();
  for (const r of ISOLATION_RULES) {
    const id = `${ISOLATION_PACK}-${r.id}`;
    rules.set(id, {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: r.info },
      fullDescription: { text: r.explanation },
      help: { text: r.explanation },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'isolation', `control-${r.control}`] },
    });
  }
  const all: Finding[] = [...report.findings, ...report.warnings];
  for (const f of all) {
    const id = baseRule(f.rule);
    if (rules.has(id)) continue;
    rules.set(id, {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ''),
      shortDescription: { text: f.info.slice(0, 1000) },
      fullDescription: { text: f.info },
      help: { text: f.explanation || f.info },
      defaultConfiguration: { level: f.severity },
      properties: { tags: ['security', f.pack] },
    });
  }
  const ruleIds = [...rules.keys()];
  const results = all.map((f) => {
    const rel = relativePath(f.file, cwd) ?? 'cdk.json';
    // Files outside the working tree get an absolute file URI; code scanning shows those unlinked.
    const artifactLocation = rel.startsWith('/')
      ? { uri: `file://${rel}` }
      : { uri: rel, uriBaseId: '%SRCROOT%' };
    return {
      ruleId: baseRule(f.rule),
      ruleIndex: ruleIds.indexOf(baseRule(f.rule)),
      level: f.severity,
      message: {
        text: `${f.info}${f.rule !== baseRule(f.rule) ? ` (${f.rule})` : ''} — ${[
          f.project,
          f.stackName,
          f.logicalId,
        ]
          .filter(Boolean)
          .join('/')}${f.explanation ? `. Fix: ${f.explanation}` : ''}`,
      },
      locations: [
        {
          physicalLocation: {
            artifactLocation,
            region: { startLine: f.line ?? 1 },
          },
          logicalLocations: [
            { name: f.logicalId, fullyQualifiedName: `${f.stackName}/${f.logicalId}`, kind: 'resource' },
          ],
        },
      ],
      partialFingerprints: {
        isotrainFinding: createHash('sha256').update(`${f.rule}|${f.stackName}|${f.logicalId}`).digest('hex'),
      },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'isotrain check',
            version,
            semanticVersion: version,
            rules: [...rules.values()],
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
