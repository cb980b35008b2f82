import { GUARDRAILS } from '../../lib/contract';
import { code, generated, table } from './markdown';

/** docs/reference/guardrails.md: the launcher policy's Deny statements, from lib/contract/guardrails.ts. */
export function guardrailsPage(): string {
  const condition = (c: Record<string, Record<string, unknown>>) =>
    Object.entries(c)
      .map(([op, keys]) =>
        Object.keys(keys)
          .map((k) => `${op} ${k}`)
          .join(', '),
      )
      .join('; ');
  const values = {
    projectName: '<project>',
    subnetIds: ['<subnets>'],
    securityGroupIds: ['<sg>'],
    volumeKeyArn: '<data key>',
    outputKeyArn: '<artifacts key>',
    instanceTypes: ['<types>'],
    maxRuntimeSeconds: 0,
  };
  return [
    generated(
      'Guardrails',
      '`lib/contract/guardrails.ts`',
      `The launcher policy (\`constructs/launcher-policy.ts\`) allows starting and following the project's own
jobs, then denies, for whoever carries it, every request below — one Deny statement per guardrail, each
safe when the condition key is absent from the request (two conditions in one Deny are ANDed, which
would let through a job that breaks only one of them).`,
    ),
    table(
      ['Statement', 'Applies to', 'Refuses', 'Condition', 'Request field'],
      GUARDRAILS.map((g) => [
        code(g.sid),
        g.actions.map((a) => a.replace('sagemaker:', '')).join(', '),
        g.refuses,
        code(condition(g.condition(values as never))),
        code(g.field),
      ]),
    ),
    '',
  ].join('\n');
}
