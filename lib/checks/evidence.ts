import { CONTROLS } from './controls';
import { CheckReport, RuleEvidence } from './findings';
import { CostLine, UNIT_PRICES } from './idle-cost';
import { ISOLATION_PACK } from './isolation-pack';
import { ISOLATION_RULES } from './rules';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const money = (n: number) => `$${n.toFixed(2)}`;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** Cost lines, one row each, with the resources they count. */
function costTable(lines: readonly CostLine[]): string[] {
  return table(
    ['Item', 'Quantity', 'Unit price', 'Monthly (USD)', 'Resources'],
    lines.map((l) => [
      l.item,
      String(l.quantity),
      l.unitPrice,
      money(l.monthly),
      l.logicalIds.map((i) => `\`${i}\``).join(', '),
    ]),
  );
}

/**
 * The evidence report of one project, in stable order so its diff reads well in a pull request:
 * each control with the resources that implement it and the rules that proved it, every
 * acknowledgment with its reason, and the fixed monthly cost when no job runs.
 */
export function evidenceReport(report: CheckReport, project: string): string {
  const mine = <T extends { project?: string }>(xs: readonly T[]) =>
    xs.filter((x) => (x.project ?? '') === project);
  const findings = mine(report.findings);
  const evidence = mine(report.evidence);
  const stacks = mine(report.stacks)
    .map((s) => s.stackName)
    .sort(byText);
  const out: string[] = [
    `# Isolation evidence: ${project || '(no project tag)'}`,
    '',
    'Written by `npm run compliance` (`isotrain check` over every stack of the project). Regenerate it; do not edit.',
    '',
    `- Result: **${findings.length === 0 ? 'PASS' : `FAIL, ${findings.length} finding(s)`}**`,
    `- Checked with: ${report.packs.join(', ')}${report.tools.some((t) => t.name === 'cfn-lint') ? ', cfn-lint' : ''}`,
    `- Stacks: ${stacks.map((s) => `\`${s}\``).join(', ')}`,
    '',
    '## Controls',
    '',
    ...table(
      ['Control', 'Result', 'Rules', 'Resources proving it'],
      Object.entries(CONTROLS).map(([n, title]) => {
        const rows = evidence.filter((e) => e.control === Number(n) && e.result !== 'not applicable');
        const bad = rows.filter((e) => e.result === 'finding').length;
        const rules = ISOLATION_RULES.filter((r) => r.control === Number(n)).map(
          (r) => `${ISOLATION_PACK}-${r.id}`,
        );
        return [
          `${n}. ${title}`,
          bad > 0 ? `FAIL (${bad})` : 'pass',
          rules.join(', '),
          String(new Set(rows.map((e) => `${e.stackName}/${e.logicalId}`)).size),
        ];
      }),
    ),
    '',
  ];

  for (const [n, title] of Object.entries(CONTROLS)) {
    out.push(`### ${n}. ${title}`, '');
    for (const rule of ISOLATION_RULES.filter((r) => r.control === Number(n))) {
      const id = `${ISOLATION_PACK}-${rule.id}`;
      const rows = evidence
        .filter((e) => e.rule === id && e.result !== 'not applicable')
        .sort((a, b) => byText(`${a.stackName}/${a.logicalId}`, `${b.stackName}/${b.logicalId}`));
      out.push(`**${id}** fails when: ${rule.info}`, '');
      if (rows.length === 0) {
        out.push(
          `No resource of type ${rule.types.map((t) => `\`${t}\``).join(', ')} that the rule applies to: nothing can break it.`,
          '',
        );
        continue;
      }
      out.push(
        ...table(
          ['Stack', 'Logical ID', 'Type', 'Result'],
          rows.map((e: RuleEvidence) => [e.stackName, `\`${e.logicalId}\``, e.type, e.result]),
        ),
        '',
      );
    }
  }

  if (findings.length > 0) {
    out.push('## Findings', '');
    out.push(
      ...table(
        ['Stack', 'Logical ID', 'Rule', 'What is wrong'],
        findings.map((f) => [f.stackName, `\`${f.logicalId}\``, f.rule, f.info]),
      ),
      '',
    );
  }

  const reviewed = mine(report.acknowledgments)
    .filter((a) => a.source === 'reviewed-file')
    .sort((a, b) =>
      byText(`${a.stackName}/${a.logicalId}/${a.rule}`, `${b.stackName}/${b.logicalId}/${b.rule}`),
    );
  const acks = mine(report.resources)
    .flatMap((r) =>
      r.acknowledgments.map((a) => ({ stack: r.stackName, id: r.logicalId, rule: a.id, reason: a.reason })),
    )
    .sort((a, b) => byText(`${a.stack}/${a.id}/${a.rule}`, `${b.stack}/${b.id}/${b.rule}`));
  out.push(
    '## Acknowledgments',
    '',
    'Every finding acknowledged rather than fixed, on the resource it covers, with its reason.',
    '',
  );
  out.push('### Isolation rules (the reviewed acknowledgments file)', '');
  out.push(
    ...(reviewed.length
      ? table(
          ['Stack', 'Logical ID', 'Rule', 'Reason', 'Approved by'],
          reviewed.map((a) => [a.stackName, `\`${a.logicalId}\``, a.rule, a.reason, a.approvedBy ?? '']),
        )
      : ['None.']),
    '',
  );
  const ignored = mine(report.ignoredAcknowledgments);
  if (ignored.length > 0) {
    out.push(
      'Not honoured (a template cannot acknowledge the Isolation rules that judge it):',
      '',
      ...table(
        ['Stack', 'Logical ID', 'Rule', 'Reason the template gave'],
        ignored.map((i) => [i.stackName, `\`${i.logicalId}\``, i.rule, i.reason]),
      ),
      '',
    );
  }
  out.push('### cdk-nag packs (template metadata `cdk_nag.rules_to_suppress`)', '');
  out.push(
    ...(acks.length
      ? table(
          ['Stack', 'Logical ID', 'Rule', 'Reason'],
          acks.map((a) => [a.stack, `\`${a.id}\``, a.rule, a.reason]),
        )
      : ['None.']),
    '',
  );
  const guard = mine(report.guardAcknowledgments).sort((a, b) =>
    byText(`${a.stackName}/${a.logicalId}/${a.rule}`, `${b.stackName}/${b.logicalId}/${b.rule}`),
  );
  out.push('### Control Tower proactive controls', '');
  out.push(
    ...(guard.length
      ? table(
          ['Stack', 'Logical ID', 'Control', 'Reason'],
          guard.map((g) => [g.stackName, `\`${g.logicalId}\``, g.rule, g.reason]),
        )
      : ['None.']),
    '',
  );

  const cost = report.idleCost[project];
  if (cost) {
    out.push('## Idle cost', '', 'Fixed monthly cost of the project when no job runs.', '');
    out.push(
      ...costTable(cost.lines),
      '',
      `**Total: ${money(cost.total)} a month** in the keys' first year, ${money(cost.totalFromYear3)} from their third (rotation). For comparison, one NAT gateway alone costs ${money(UNIT_PRICES.natGatewayHour * UNIT_PRICES.hoursPerMonth)} a month and one interface endpoint in two AZs ${money(2 * UNIT_PRICES.interfaceEndpointHour * UNIT_PRICES.hoursPerMonth)}; an isolated training job needs neither.`,
      '',
      ...(cost.serving.length > 0
        ? [
            '### Serving (billed apart)',
            '',
            ...costTable(cost.serving),
            '',
            `**Serving: ${money(cost.servingTotal)} a month** on top of the total above, for as long as the endpoints exist, called or not.`,
            '',
          ]
        : []),
      'Assumptions:',
      '',
      ...cost.assumptions.map((a) => `- ${a}`),
      '',
    );
  }
  return out.join('\n');
}
