import { parseProject } from '../../lib/config';
import { projectInput } from '../helpers';
import { stringify } from 'yaml';

const parse = (overrides: Record<string, unknown>) =>
  parseProject('projects/legal.yaml', stringify({ ...projectInput(), ...overrides }));

describe('issue 5 project settings', () => {
  test('defaults: tag wipe, strict privacy thresholds (alert subscribers are required since issue 8)', () => {
    expect(parse({}).config).toMatchObject({
      wipeAfterTraining: 'tag',
      privacy: { maxMembershipInferenceAuc: 0.55, maxExtractionHits: 0, maxCanaryExposure: 10 },
      alerts: { emails: ['security@example.com'], queues: [] },
    });
  });

  test('accepts explicit values', () => {
    const { config, problems } = parse({
      wipeAfterTraining: 'immediate',
      privacy: { maxMembershipInferenceAuc: 0.6, maxExtractionHits: 2, maxCanaryExposure: 20 },
      alerts: { emails: ['security@example.com'] },
    });
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ wipeAfterTraining: 'immediate', privacy: { maxExtractionHits: 2 } });
  });

  test('fails naming file, field and value', () => {
    const { problems } = parse({
      wipeAfterTraining: 'sometimes',
      privacy: { maxMembershipInferenceAuc: 0.4, maxExtractionHits: -1, maxCanaryExposure: 'low', other: 1 },
      alerts: { emails: ['not-an-email', 'a@b.co', 'a@b.co'] },
    });
    expect(problems.map((p) => `${p.file}: ${p.field}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        'projects/legal.yaml: wipeAfterTraining: expected one of: immediate, tag, off, got "sometimes"',
        'projects/legal.yaml: privacy.maxMembershipInferenceAuc: expected an AUC from 0.5 to 1, got 0.4',
        'projects/legal.yaml: privacy.maxExtractionHits: expected an integer from 0 to 1000000, got -1',
        'projects/legal.yaml: privacy.maxCanaryExposure: expected a number of bits from 0 to 128, got "low"',
        'projects/legal.yaml: privacy.other: unknown field; expected one of: maxMembershipInferenceAuc, maxExtractionHits, maxCanaryExposure, got 1',
        'projects/legal.yaml: alerts.emails[0]: expected an email address, got "not-an-email"',
        'projects/legal.yaml: alerts.emails: expected each email address once, got ["not-an-email","a@b.co","a@b.co"]',
      ]),
    );
  });
});
