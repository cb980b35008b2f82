import { compareWithThresholds, parseResults } from '../../lib/governance';
import { project } from '../helpers';

const privacy = project().privacy;
const PASSING = {
  format: 'isotrain.privacy-results/1',
  membershipInferenceAuc: 0.55,
  extractionHits: 0,
  canaryExposure: 10,
};

describe('release thresholds', () => {
  test('the secure defaults: AUC 0.55, no extraction hit, 10 bits of canary exposure', () => {
    expect(privacy).toEqual({ maxMembershipInferenceAuc: 0.55, maxExtractionHits: 0, maxCanaryExposure: 10 });
  });

  test('results at the thresholds pass', () => {
    const { results, reasons } = parseResults(JSON.stringify(PASSING));
    expect(reasons).toEqual([]);
    expect(compareWithThresholds(results!, privacy)).toEqual([]);
  });

  test('fails when any metric is above its threshold, naming each', () => {
    const over = { ...PASSING, membershipInferenceAuc: 0.56, extractionHits: 1, canaryExposure: 10.5 };
    expect(compareWithThresholds(parseResults(JSON.stringify(over)).results!, privacy)).toEqual([
      'membershipInferenceAuc 0.56 is above privacy.maxMembershipInferenceAuc 0.55',
      'extractionHits 1 is above privacy.maxExtractionHits 0',
      'canaryExposure 10.5 is above privacy.maxCanaryExposure 10',
    ]);
  });

  test('fails when results lack a metric, have the wrong format, or are not JSON', () => {
    const missing: Partial<typeof PASSING> = { ...PASSING };
    delete missing.canaryExposure;
    expect(parseResults(JSON.stringify(missing)).reasons).toEqual([
      expect.stringMatching(/^results: canaryExposure: /),
    ]);
    expect(parseResults(JSON.stringify({ ...PASSING, format: 'other/1' })).reasons).toEqual([
      expect.stringMatching(/^results: format: /),
    ]);
    expect(parseResults(JSON.stringify({ ...PASSING, extractionHits: -1 })).reasons).toEqual([
      expect.stringMatching(/^results: extractionHits: /),
    ]);
    // Counted, never named: a field name is text the container chose.
    expect(parseResults(JSON.stringify({ ...PASSING, surprise: 1 })).reasons).toEqual([
      'results: 1 unknown field(s)',
    ]);
    expect(parseResults('{not json').reasons).toEqual(['results are not valid JSON']);
    expect(parseResults(' '.repeat(300 * 1024)).reasons).toEqual(['results are larger than 262144 bytes']);
  });

  test('details are kept and never compared', () => {
    const parsed = parseResults(
      JSON.stringify({ ...PASSING, details: { attack: 'loss', perCanary: [1, 2] } }),
    );
    expect(parsed.results!.details).toEqual({ attack: 'loss', perCanary: [1, 2] });
  });
});
