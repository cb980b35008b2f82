import { CfnResource } from 'aws-cdk-lib';
import { readAcknowledgments } from '../../lib/checks/acknowledgments';
import { IsolationChecks } from '../../lib/checks/isolation-pack';
import { ISOLATION_RULES } from '../../lib/checks/rules';
import { compliancePacks } from '../../lib/checks/packs';
import { project, synthProject } from '../helpers';

// synthProject synthesizes every stack (Template.fromStack), which applies the purpose tags the
// rules read, as `cdk synth` does before its validation plugins run.
describe('the foundation passes the Isolation pack', () => {
  const plain = synthProject();
  const withEndpoints = synthProject(
    project({
      name: 'vision',
      network: {
        cidr: '10.41.0.0/16',
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        interfaceEndpoints: ['sts', 'logs', 'sagemaker.api'],
      },
    } as never),
  );

  test.each([
    ['without interface endpoints', plain],
    ['with interface endpoints', withEndpoints],
  ])('%s: no Isolation violation', (_name, synth) => {
    expect(new IsolationChecks().validateScope(synth.stage).violations).toEqual([]);
  });

  test('acknowledges no Isolation rule', () => {
    const acks = plain.stage.node
      .findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c))
      .flatMap((c) => readAcknowledgments(c))
      .filter((a) => a.id.startsWith('Isolation-'));
    expect(acks).toEqual([]);
  });

  test('the Isolation pack is one of the packs synth runs', () => {
    expect(compliancePacks().map((p) => p.readPackName)).toContain('Isolation');
  });

  test('every rule has an ID, an explanation that says how to fix, and is ERROR level', () => {
    const ids = ISOLATION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ISOLATION_RULES) expect(r.explanation.length).toBeGreaterThan(80);
    expect(ISOLATION_RULES.map((r) => r.control).sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    );
  });
});
