import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, loadProjects, parseProject } from '../../lib/config';
import { projectInput } from '../helpers';
import { EXAMPLE_FIXTURE, SHIPPED_PROJECTS } from '../support/fixture-projects';

/** Writes project files into a fresh directory and returns it. */
function projectsDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-projects-'));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : stringify(content));
  }
  return dir;
}

function problems(source: string): string[] {
  return parseProject('projects/legal.yaml', source).problems.map((p) => `${p.field}: ${p.message}`);
}

function withChange(change: (doc: Record<string, any>) => void): string {
  const doc = JSON.parse(JSON.stringify(projectInput())) as Record<string, any>;
  change(doc);
  return stringify(doc);
}

describe('project file loading', () => {
  test('a valid file loads with every default filled in', () => {
    const { config, problems: found } = parseProject('projects/legal.yaml', stringify(projectInput()));
    expect(found).toEqual([]);
    expect(config).toMatchObject({
      name: 'legal',
      network: { interfaceEndpoints: [] },
      retention: {
        trainingDataDays: 30,
        noncurrentVersionDays: 7,
        checkpointDays: 14,
        logDays: 365,
        auditDays: 2557,
      },
      training: {
        instanceTypes: ['ml.g5.2xlarge', 'ml.g5.12xlarge'],
        maxRuntimeSeconds: 86400,
        createSageMakerLogGroup: true,
      },
      audit: { objectLockMode: 'COMPLIANCE' },
    });
  });

  test("the tests' copy of the example project is valid", () => {
    expect(loadProjects(path.dirname(EXAMPLE_FIXTURE)).map((p) => p.config.name)).toEqual(['example']);
  });

  // About the repository, whatever projects/ holds (the example, or the user's own projects).
  test('every project file of the repository loads: what `npx cdk synth` reads', () => {
    expect(() => loadProjects(SHIPPED_PROJECTS)).not.toThrow();
  });

  test('fails when retention is out of range, naming file, field, expectation and value', () => {
    const err = (() => {
      try {
        loadProjects(
          projectsDir({ 'legal.yaml': withChange((d) => (d.retention = { trainingDataDays: -5 })) }),
        );
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(
      /legal\.yaml: retention\.trainingDataDays: expected an integer from 1 to 3650, got -5$/,
    );
  });

  test('fails on unknown fields, at any depth', () => {
    expect(problems(withChange((d) => (d.colour = 'blue')))).toEqual([
      expect.stringMatching(/^colour: unknown field; expected one of: name, account, .*, got "blue"$/),
    ]);
    expect(problems(withChange((d) => (d.network.natGateways = 1)))).toEqual([
      expect.stringMatching(
        /^network\.natGateways: unknown field; expected one of: cidr, availabilityZones, interfaceEndpoints, got 1$/,
      ),
    ]);
  });

  test('fails on wrong types', () => {
    expect(problems(withChange((d) => (d.account = 111122223333)))).toEqual([
      'account: expected a 12-digit AWS account ID in quotes, got 111122223333',
    ]);
    expect(problems(withChange((d) => (d.retention = { logDays: 'forever' })))).toEqual([
      expect.stringMatching(/^retention\.logDays: expected one of: 365, 400, .*, got "forever"$/),
    ]);
  });

  test('fails with one availability zone', () => {
    expect(problems(withChange((d) => (d.network.availabilityZones = ['eu-west-1a'])))).toEqual([
      'network.availabilityZones: expected a list of at least 2 availability zone names, got ["eu-west-1a"]',
    ]);
  });

  test('fails when a zone is not in the region', () => {
    expect(problems(withChange((d) => (d.network.availabilityZones = ['eu-west-1a', 'us-east-1b'])))).toEqual(
      [
        'network.availabilityZones[1]: expected an availability zone of region eu-west-1, such as eu-west-1a, got "us-east-1b"',
      ],
    );
  });

  test.each([
    ['10.40.0.0', 'expected an IPv4 CIDR such as 10.20.0.0/16'],
    ['10.40.0.0/8', 'expected a prefix length from /16 to /24'],
    ['10.40.3.0/16', 'expected a network address (host bits zero), such as 10.20.0.0/16'],
    ['8.8.0.0/16', 'expected a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16'],
  ])('fails on invalid CIDR %p', (cidr, message) => {
    expect(problems(withChange((d) => (d.network.cidr = cidr)))).toEqual([
      `network.cidr: ${message}, got "${cidr}"`,
    ]);
  });

  test('fails on a non-GPU instance type', () => {
    expect(
      problems(withChange((d) => (d.training.instanceTypes = ['ml.g5.2xlarge', 'ml.m5.xlarge']))),
    ).toEqual([
      'training.instanceTypes[1]: expected a SageMaker GPU instance type such as ml.g5.2xlarge, got "ml.m5.xlarge"',
    ]);
  });

  test.each(['Legal', 'legal_team', 'legal-', '-legal', 'le--gal', 'l', 'a-very-long-project-name-indeed'])(
    'fails on bad project name %p',
    (name) => {
      expect(problems(withChange((d) => (d.name = name)))).toEqual([
        `name: expected a project name: 2-24 lowercase letters, digits and single hyphens, starting with a letter, got "${name}"`,
      ]);
    },
  );

  test('fails on a missing required field, saying nothing was given', () => {
    expect(problems(withChange((d) => delete d.tags))).toEqual([
      'tags: expected a mapping of fields, got nothing',
    ]);
  });

  test('reports every problem of every file at once', () => {
    const dir = projectsDir({
      'a.yaml': withChange((d) => {
        d.name = 'Bad Name';
        d.retention = { checkpointDays: 0 };
      }),
      'b.yaml': 'name: [unclosed',
    });
    expect(() => loadProjects(dir)).toThrow(ConfigError);
    try {
      loadProjects(dir);
    } catch (e) {
      const lines = (e as ConfigError).message.split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/a\.yaml: name: expected a project name.*got "Bad Name"$/),
        expect.stringMatching(
          /a\.yaml: retention\.checkpointDays: expected an integer from 1 to 3650, got 0$/,
        ),
        expect.stringMatching(/b\.yaml: not valid YAML at line \d+, column \d+: /),
        // The snippet that points at the mistake.
        '  1 | name: [unclosed',
        expect.stringMatching(/^ {4}\| +\^$/),
      ]);
    }
  });

  test('fails on duplicate project names across files', () => {
    const dir = projectsDir({
      'one.yaml': projectInput(),
      'two.yaml': {
        ...projectInput(),
        network: { cidr: '10.41.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
      },
    });
    expect(() => loadProjects(dir)).toThrow(
      /two\.yaml: name: expected a name unique across projects, got "legal", already used by .*one\.yaml/,
    );
  });

  test('fails on overlapping CIDRs of projects in one account', () => {
    const dir = projectsDir({
      'one.yaml': projectInput(),
      'two.yaml': {
        ...projectInput({ name: 'hr' }),
        network: { cidr: '10.40.128.0/20', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
        training: { ecrRepositories: ['finetune'], createSageMakerLogGroup: false },
      },
    });
    expect(() => loadProjects(dir)).toThrow(
      /two\.yaml: network\.cidr: expected a range that does not overlap .*got "10\.40\.128\.0\/20", which overlaps "10\.40\.0\.0\/16"/,
    );
  });

  test('fails when two projects in one account and region both create the SageMaker log group', () => {
    const dir = projectsDir({
      'one.yaml': projectInput(),
      'two.yaml': {
        ...projectInput({ name: 'hr' }),
        network: { cidr: '10.41.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
      },
    });
    expect(() => loadProjects(dir)).toThrow(/two\.yaml: training\.createSageMakerLogGroup: expected false/);
  });

  test('fails on a directory without project files', () => {
    expect(() => loadProjects(projectsDir({ 'README.md': 'hi' }))).toThrow(
      /expected at least one project file/,
    );
  });
});
