import { GUARD_ACKNOWLEDGMENTS } from '../control-tower';
import { PROJECT_FIELD_CONTROLS } from './project-field-controls';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: readonly string[], rows: readonly string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/**
 * The tables docs/checks.md restates from the code, by name. The docs hold each between
 * `<!-- generated:<name> -->` and `<!-- /generated -->`; a test keeps them equal.
 */
export function docTables(): Record<string, string> {
  return {
    'project-field-controls': table(
      ['Project-file field', 'Control Tower control', 'cfn-guard rule', 'Becomes', 'Smallest value accepted'],
      PROJECT_FIELD_CONTROLS.map((c) => [
        `\`${c.field}\``,
        c.control,
        `\`${c.guardRule}\``,
        `\`${c.resourceType}\` \`${c.property}\``,
        String(c.minimum),
      ]),
    ),
    'control-tower-acknowledgments': table(
      ['cfn-guard rule', 'Why it does not apply (and to which resources)'],
      GUARD_ACKNOWLEDGMENTS.map((a) => [`\`${a.rule}\``, a.reason]),
    ),
  };
}

/** Puts the current tables between their markers in a Markdown text. */
export function withDocTables(markdown: string): string {
  let out = markdown;
  for (const [name, body] of Object.entries(docTables())) {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated -->)`);
    out = out.replace(re, (_m, open: string, close: string) => `${open}\n${body}\n${close}`);
  }
  return out;
}
