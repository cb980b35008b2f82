import { OUTPUT_STACKS, PROJECT_OUTPUTS, ProjectOutputKey, parameterName } from '../../lib/contract';
import { code, generated, table } from './markdown';

/** docs/reference/outputs.md: every deployed value a launcher needs, from lib/contract/outputs.ts. */
export function outputsPage(): string {
  const keys = Object.keys(PROJECT_OUTPUTS) as ProjectOutputKey[];
  return [
    generated(
      'Outputs',
      '`lib/contract/outputs.ts`',
      `Everything the CLI needs from a deployed project is a stack output (what \`cdk deploy --outputs-file\`
records) and an SSM parameter under \`/isotrain/<project>/\`. Commands read the outputs file when given
\`--outputs-file\`, and the parameters otherwise.`,
    ),
    table(
      ['Output', 'SSM parameter', 'Stack'],
      keys.map((k) => [code(k), code(parameterName('<project>', k)), code(`<project>-${OUTPUT_STACKS[k]}`)]),
    ),
    '',
  ].join('\n');
}
