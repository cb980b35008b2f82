import { ISOLATION_PACK } from '../../lib/checks/isolation-pack';
import { EVERY_TYPE } from '../../lib/checks/rule';
import { ISOLATION_RULES } from '../../lib/checks/rules';
import { code, generated, table } from './markdown';

/** docs/reference/rules.md: every Isolation rule, from lib/checks/rules. */
export function rulesPage(): string {
  return [
    generated(
      'Isolation rules',
      '`lib/checks/rules`',
      `The Isolation pack: one rule per way data could leave a project. Each runs at \`cdk synth\` and in
\`isotrain check\` (on this app or on any CloudFormation template), and each has compliant and
non-compliant tests and at least one mutant in \`test/checks/mutation.test.ts\`.`,
    ),
    table(
      ['Rule', 'Resource types', 'Finding', 'How to fix'],
      ISOLATION_RULES.map((r) => [
        code(`${ISOLATION_PACK}-${r.id}`),
        r.types.includes(EVERY_TYPE) ? 'every resource' : r.types.map((t) => code(t)).join(', '),
        r.info,
        r.explanation,
      ]),
    ),
    '',
  ].join('\n');
}
