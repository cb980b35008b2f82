import { stringify } from 'yaml';
import { parseProject } from '../../lib/config';
import { projectInput } from '../helpers';

const messages = (source: string) =>
  parseProject('projects/legal.yaml', source).problems.map(
    (p) => `${p.field ? `${p.field}: ` : ''}${p.message}`,
  );

describe('a YAML mistake', () => {
  test('is one problem, with its line and a snippet pointing at the column', () => {
    expect(messages('name: legal\ntags: [a\nfoo: : bar\n')).toEqual([
      'not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]\n' +
        '  3 | foo: : bar\n' +
        '    | ^\n' +
        '(the parser found 1 more error(s), which may follow from this one: fix it and run again)',
    ]);
  });

  test('a duplicate key names its line', () => {
    expect(messages('name: legal\nname: other\n')[0]).toMatch(
      /^not valid YAML at line 2, column 1: .*\n {2}2 \| name: other\n/,
    );
  });
});

describe('every problem at once, each once', () => {
  test('a missing section does not hide a wrong availability zone', () => {
    const input: Record<string, unknown> = {
      ...projectInput(),
      network: { cidr: '10.40.0.0/16', availabilityZones: ['us-east-1a', 'eu-west-1b'] },
    };
    delete input.training;
    expect(messages(stringify(input))).toEqual([
      'training: expected a mapping of fields, got nothing',
      'network.availabilityZones[0]: expected an availability zone of region eu-west-1, such as eu-west-1a, got "us-east-1a"',
    ]);
  });

  test('a wrong region is reported once, not again by the fields that depend on it', () => {
    expect(messages(stringify({ ...projectInput(), region: 'nowhere' }))).toEqual([
      'region: expected an AWS region such as eu-west-1, got "nowhere"',
    ]);
  });

  test('an empty alert list and a principal of another account are reported beside a schema problem', () => {
    const found = messages(
      stringify({
        ...projectInput(),
        retention: { logDays: 90 },
        alerts: { emails: [] },
        release: { approvers: ['arn:aws:iam::999999999999:role/x'] },
      }),
    );
    expect(found.map((m) => m.split(':')[0]).sort()).toEqual([
      'alerts',
      'release.approvers[0]',
      'retention.logDays',
    ]);
  });
});
