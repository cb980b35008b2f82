import { createHash } from 'node:crypto';
import { AcknowledgmentRecord, CheckReport, Finding } from '../findings';
import { ISOLATION_PACK } from '../isolation-pack';
import { ISOLATION_RULES } from '../rules';
import { relativePath } from './common';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { tags: string[] };
}

/** The rule ID without the per-finding suffix (`AwsSolutions-IAM5[Resource::*]` → `AwsSolutions-IAM5`). */
const baseRule = (rule: string) => rule.replace(/\[.*$/, '');

const STALE = 'isotrain-stale-acknowledgment';
const IGNORED = 'isotrain-ignored-acknowledgment';

function physical(file: string | undefined, line: number | undefined, cwd: string) {
  const rel = relativePath(file, cwd) ?? 'cdk.json';
  // Files outside the working tree get an absolute file URI; code scanning shows those unlinked.
  const artifactLocation = rel.startsWith('/')
    ? { uri: `file://${rel}` }
    : { uri: rel, uriBaseId: '%SRCROOT%' };
  return { physicalLocation: { artifactLocation, region: { startLine: line ?? 1 } } };
}

const fingerprint = (...parts: string[]) => ({
  isotrainFinding: createHash('sha256').update(parts.join('|')).digest('hex'),
});

/** How SARIF names where a suppression lives: in the analysed file, or outside it. */
function suppression(a: AcknowledgmentRecord, cwd: string) {
  return {
    kind: a.source === 'template-metadata' ? 'inSource' : 'external',
    status: 'accepted',
    justification: a.reason,
    ...(a.acknowledgedIn ? { location: physical(a.acknowledgedIn.file, a.acknowledgedIn.line, cwd) } : {}),
    properties: { source: a.source, ...(a.approvedBy ? { approvedBy: a.approvedBy } : {}) },
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: every Isolation rule plus each other rule that fired or was
 * acknowledged. Findings are located at the template line (or the project file's field); every
 * acknowledgment is a result carrying a `suppressions` entry with its justification; stale reviewed
 * acknowledgments and acknowledgments a template tried to grant itself are results of their own.
 */
export function sarifReport(report: CheckReport, cwd: string, version = '0.1.0'): string {
  const rules = new Map<string, SarifRule>();
  const addRule = (
    id: string,
    text: string,
    help: string,
    level: SarifRule['defaultConfiguration']['level'],
    tags: string[],
  ) => {
    if (!rules.has(id)) {
      rules.set(id, {
        id,
        name: id.replace(/[^A-Za-z0-9]/g, ''),
        shortDescription: { text: text.slice(0, 1000) },
        fullDescription: { text },
        help: { text: help },
        defaultConfiguration: { level },
        properties: { tags },
      });
    }
  };
  for (const r of ISOLATION_RULES) {
    addRule(`${ISOLATION_PACK}-${r.id}`, r.info, r.explanation, 'error', [
      'security',
      'isolation',
      `control-${r.control}`,
    ]);
  }
  const all: Finding[] = [...report.findings, ...report.warnings];
  for (const f of all)
    addRule(baseRule(f.rule), f.info, f.explanation || f.info, f.severity, ['security', f.pack]);
  for (const a of report.acknowledgments)
    addRule(baseRule(a.rule), baseRule(a.rule), a.reason, 'error', ['security', a.pack]);
  addRule(
    STALE,
    'A reviewed acknowledgment matches no finding.',
    'Remove it, or correct the rule or resource it names.',
    'warning',
    ['acknowledgments'],
  );
  addRule(
    IGNORED,
    'A template acknowledges an Isolation rule in its own metadata; this is not honoured.',
    'Fix the finding, or acknowledge it in the reviewed acknowledgments file (docs/acknowledgments.md).',
    'note',
    ['acknowledgments', 'security'],
  );
  const ruleIds = [...rules.keys()];
  const where = (x: { project?: string; stackName: string; logicalId: string }) =>
    [x.project, x.stackName, x.logicalId].filter(Boolean).join('/');
  const logical = (x: { stackName: string; logicalId: string }) => [
    { name: x.logicalId, fullyQualifiedName: `${x.stackName}/${x.logicalId}`, kind: 'resource' },
  ];

  const results = [
    ...all.map((f) => ({
      ruleId: baseRule(f.rule),
      ruleIndex: ruleIds.indexOf(baseRule(f.rule)),
      level: f.severity,
      message: {
        text: `${f.info}${f.rule !== baseRule(f.rule) ? ` (${f.rule})` : ''} — ${where(f)}${f.explanation ? `. Fix: ${f.explanation}` : ''}`,
      },
      locations: [{ ...physical(f.file, f.line, cwd), logicalLocations: logical(f) }],
      partialFingerprints: fingerprint(f.rule, f.stackName, f.logicalId),
    })),
    ...report.acknowledgments.map((a) => ({
      ruleId: baseRule(a.rule),
      ruleIndex: ruleIds.indexOf(baseRule(a.rule)),
      level: rules.get(baseRule(a.rule))!.defaultConfiguration.level,
      message: { text: `Acknowledged: ${a.rule} — ${where(a)}. ${a.reason}` },
      locations: [{ ...physical(a.file, a.line, cwd), logicalLocations: logical(a) }],
      suppressions: [suppression(a, cwd)],
      partialFingerprints: fingerprint(a.rule, a.stackName, a.logicalId),
    })),
    ...report.staleAcknowledgments.map((s) => ({
      ruleId: STALE,
      ruleIndex: ruleIds.indexOf(STALE),
      level: 'warning',
      message: {
        text: `Stale acknowledgment: ${s.rule} on ${s.stack}/${s.resource} matches no finding. ${s.reason}`,
      },
      locations: [physical(s.file, s.line, cwd)],
      partialFingerprints: fingerprint(STALE, s.rule, s.stack, s.resource),
    })),
    ...report.ignoredAcknowledgments.map((i) => {
      return {
        ruleId: IGNORED,
        ruleIndex: ruleIds.indexOf(IGNORED),
        level: 'note',
        message: {
          text: `Not honoured: the template acknowledges ${i.rule} on ${i.stackName}/${i.logicalId} in its own metadata ("${i.reason}"); the rule still judges it.`,
        },
        locations: [{ ...physical(i.file, i.line, cwd), logicalLocations: logical(i) }],
        partialFingerprints: fingerprint(IGNORED, i.rule, i.stackName, i.logicalId),
      };
    }),
  ];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: 'isotrain check', version, semanticVersion: version, rules: [...rules.values()] },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
