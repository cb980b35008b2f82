import { parseCdkArgs, stageSelectorHint, synthSummary } from '../../lib/checked-app/stage-selector';

describe('the CDK command line, as far as stack selection goes', () => {
  test.each([
    [['diff'], { command: 'diff', selectors: [], all: false }],
    [['diff', 'legal/*'], { command: 'diff', selectors: ['legal/*'], all: false }],
    // Options with values, in both spellings, before and after the command.
    [
      ['--profile', 'prod', 'deploy', '-o', 'cdk.out', '--outputs-file=o.json'],
      { command: 'deploy', selectors: [], all: false },
    ],
    [
      ['deploy', '-c', 'k=v', '--require-approval', 'never', '**'],
      { command: 'deploy', selectors: ['**'], all: false },
    ],
    [
      ['deploy', '--app', 'npx tsx bin/app.ts', 'legal/*'],
      { command: 'deploy', selectors: ['legal/*'], all: false },
    ],
    // A flag takes an explicit true/false, and nothing else.
    [['diff', '--strict', 'legal/*'], { command: 'diff', selectors: ['legal/*'], all: false }],
    [['diff', '--exclusively', 'false'], { command: 'diff', selectors: [], all: false }],
    [['destroy', '--all'], { command: 'destroy', selectors: [], all: true }],
    [['destroy', '--all=false'], { command: 'destroy', selectors: [], all: false }],
    [['deploy', '--', '-odd-name/*'], { command: 'deploy', selectors: ['-odd-name/*'], all: false }],
    [[], { command: undefined, selectors: [], all: false }],
  ])('%j', (args, expected) => {
    expect(parseCdkArgs(args)).toEqual(expected);
  });
});

describe('the Stage selector hint', () => {
  test.each(['diff', 'deploy', 'destroy'])(
    '`cdk %s` without a selector names the exact commands',
    (command) => {
      expect(stageSelectorHint([command, '-o', 'out'], ['example', 'legal'])).toBe(
        [
          `isotrain: \`cdk ${command}\` without a stack selector selects no stack: each project's stacks live in a Stage named after the project.`,
          "Select one project's Stage:",
          `  npx cdk ${command} 'example/*'`,
          `  npx cdk ${command} 'legal/*'`,
          "or every project's at once (every account in projects/):",
          `  npx cdk ${command} '**'`,
          'Nothing was synthesized.',
          '',
        ].join('\n'),
      );
    },
  );

  test.each([
    ['a selector', ['diff', 'legal/*']],
    ['every stack', ['deploy', '**']],
    ['--all', ['destroy', '--all']],
    ['synth, which synthesizes every project without one', ['synth']],
    ['ls', ['ls']],
    ['no command', []],
  ])('says nothing with %s', (_, args) => {
    expect(stageSelectorHint(args, ['legal'])).toBeUndefined();
  });
});

describe('the note after `cdk synth` without a selector', () => {
  const stacks = new Map([
    ['example', ['Keys', 'Network', 'Data']],
    ['legal', ['Keys', 'Network']],
  ]);

  test('names every project, its stack count and a command that prints a template', () => {
    expect(synthSummary(['synth', '--quiet'], stacks)).toBe(
      [
        'isotrain: synthesized example (3 stacks), legal (2 stacks); every check that runs at synth passed.',
        "The CDK CLI lists no stack below because each project's stacks live in a Stage named after the project. To print one template:",
        "  npx cdk synth 'example/Keys'",
        '',
      ].join('\n'),
    );
    expect(synthSummary(['synthesize', '-o', 'out'], stacks)).toMatch(/^isotrain: synthesized example/);
  });

  test.each([
    ['a selector', ['synth', 'legal/*']],
    ['--all', ['synth', '--all']],
    ['another command', ['diff']],
    ['no command', []],
  ])('says nothing with %s', (_, args) => {
    expect(synthSummary(args, stacks)).toBeUndefined();
  });

  test('says nothing when there is no project', () => {
    expect(synthSummary(['synth'], new Map())).toBeUndefined();
  });
});
