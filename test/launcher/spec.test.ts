import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SpecError, loadJobSpec, parseJobSpec } from '../../lib/launcher/spec';
import { specInput } from './fixtures';

function problems(doc: unknown, file = 'job.yaml'): string[] {
  return parseJobSpec(file, typeof doc === 'string' ? doc : stringify(doc)).problems.map(
    (p) => `${p.file}: ${p.field}: ${p.message}`,
  );
}

describe('job spec schema', () => {
  test('a valid spec parses, with defaults filled in', () => {
    const { spec, problems: found } = parseJobSpec(
      'job.yaml',
      stringify({ ...specInput(), spot: undefined, checkpoints: undefined, retries: undefined }),
    );
    expect(found).toEqual([]);
    expect(spec).toMatchObject({
      checkpoints: { enabled: true, localPath: '/opt/ml/checkpoints' },
      spot: { enabled: false },
      retries: 0,
      hyperparameters: { gradientAccumulationSteps: 1, extra: {} },
    });
    expect(spec!.channels.training).toEqual({
      source: 'datasets/contracts/train/',
      inputMode: 'File',
      dataType: 'S3Prefix',
      compression: 'None',
      distribution: 'FullyReplicated',
    });
  });

  test('the bundled example is valid', () => {
    expect(() => loadJobSpec(path.join(__dirname, '..', '..', 'examples', 'lora-dp.yaml'))).not.toThrow();
  });

  test('fails when a field is unknown, at any depth, naming it and its value', () => {
    expect(problems({ ...specInput(), shell: true })).toEqual([
      'job.yaml: shell: unknown field; expected one of: name, description, image, instance, maxRuntimeSeconds, method, hyperparameters, privacy, channels, checkpoints, spot, retries, got true',
    ]);
    const nested = problems({ ...specInput(), method: { type: 'lora', rnk: 4 } });
    expect(nested).toEqual([expect.stringMatching(/^job\.yaml: method\.rnk: unknown field; .*got 4$/)]);
    const channel = problems({
      ...specInput(),
      channels: { ...specInput().channels, training: { source: 'x/', mode: 'Pipe' } },
    });
    expect(channel).toEqual([expect.stringMatching(/channels\.training\.mode: unknown field.*got "Pipe"/)]);
  });

  test('fails when DP settings make no sense, reporting every one at once', () => {
    const found = problems({
      ...specInput(),
      privacy: { targetEpsilon: 0, targetDelta: 0.5, maxGradNorm: -1, noiseMultiplier: 0.1 },
    });
    expect(found).toEqual([
      expect.stringMatching(
        /privacy\.targetEpsilon: expected a number greater than 0 and at most 20.*got 0$/,
      ),
      expect.stringMatching(
        /privacy\.targetDelta: expected a number greater than 0 and below 0\.001.*got 0\.5$/,
      ),
      expect.stringMatching(/privacy\.maxGradNorm: expected a number greater than 0.*got -1$/),
      expect.stringMatching(/privacy\.noiseMultiplier: expected at least 0\.3.*got 0\.1$/),
    ]);
    expect(
      problems({ ...specInput(), privacy: { targetEpsilon: 50, targetDelta: 1e-5, maxGradNorm: 1 } }),
    ).toEqual([expect.stringMatching(/privacy\.targetEpsilon: .*got 50$/)]);
    expect(
      problems({
        ...specInput(),
        privacy: { targetEpsilon: 8, targetDelta: 1e-5, maxGradNorm: 1, noiseMultiplier: 0.1 },
      }),
    ).toEqual([expect.stringMatching(/privacy\.noiseMultiplier: expected at least 0\.3.*got 0\.1$/)]);
    expect(problems({ ...specInput(), privacy: { targetEpsilon: 8, maxGradNorm: 1 } })).toEqual([
      expect.stringMatching(/privacy\.targetDelta: .*got nothing$/),
    ]);
  });

  test('fails when the base-model or training channel is missing', () => {
    expect(problems({ ...specInput(), channels: { training: { source: 'x/' } } })).toEqual([
      expect.stringMatching(/channels\.model: expected a channel with the base-model weights.*got nothing$/),
    ]);
  });

  test('fails on a channel source with another scheme or a leading slash', () => {
    const found = problems({
      ...specInput(),
      channels: { training: { source: 'https://example.com/data' }, model: { source: '/abs/path' } },
    });
    expect(found).toEqual([
      expect.stringMatching(
        /channels\.training\.source: .*no other scheme.*got "https:\/\/example\.com\/data"$/,
      ),
      expect.stringMatching(/channels\.model\.source: .*without a leading slash.*got "\/abs\/path"$/),
    ]);
  });

  test('fails when spot training has no max wait, a max wait below the runtime, or no checkpoints', () => {
    expect(problems({ ...specInput(), spot: { enabled: true } })).toEqual([
      expect.stringMatching(
        /spot\.maxWaitSeconds: expected an integer of at least maxRuntimeSeconds \(3600\)/,
      ),
    ]);
    expect(problems({ ...specInput(), spot: { enabled: true, maxWaitSeconds: 60 } })).toEqual([
      expect.stringMatching(/spot\.maxWaitSeconds: expected at least maxRuntimeSeconds \(3600\), got 60$/),
    ]);
    expect(
      problems({
        ...specInput(),
        spot: { enabled: true, maxWaitSeconds: 7200 },
        checkpoints: { enabled: false },
      }),
    ).toEqual([
      expect.stringMatching(/checkpoints\.enabled: expected true when spot\.enabled is true.*got false$/),
    ]);
  });

  test('fails on a LoRA alpha that scales updates past 16 x rank, and on reserved extra names', () => {
    expect(problems({ ...specInput(), method: { type: 'lora', rank: 2, alpha: 64 } })).toEqual([
      expect.stringMatching(/method\.alpha: expected at most 16 × rank \(32\).*got 64$/),
    ]);
    expect(
      problems({ ...specInput(), hyperparameters: { learningRate: 1e-4, extra: { learning_rate: 1 } } }),
    ).toEqual([
      expect.stringMatching(
        /hyperparameters\.extra\.learning_rate: expected a name isotrain does not set itself.*got 1$/,
      ),
    ]);
  });

  test('fails on an unknown method, naming the choices', () => {
    expect(problems({ ...specInput(), method: { type: 'dora' } })).toEqual([
      expect.stringMatching(/method(\.type)?: expected .*full, lora, qlora, ia3, prefix-tuning.*got/),
    ]);
  });

  test('fails on bad YAML and on a non-mapping document', () => {
    expect(problems('name: [unclosed')).toEqual([expect.stringMatching(/^job\.yaml: : not valid YAML/)]);
    expect(problems('- a\n- b\n')).toEqual([
      expect.stringMatching(/expected a mapping of job spec fields, got \["a","b"\]/),
    ]);
  });

  test('loadJobSpec throws SpecError naming the file as given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-'));
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, stringify({ ...specInput(), retries: 99 }));
    expect(() => loadJobSpec('specs/bad.yaml', file)).toThrow(SpecError);
    expect(() => loadJobSpec('specs/bad.yaml', file)).toThrow(
      /^specs\/bad\.yaml: retries: expected an integer from 0 to 30, got 99$/,
    );
    expect(() => loadJobSpec(path.join(dir, 'missing.yaml'))).toThrow(
      /cannot read the job spec: no such file/,
    );
  });
});
