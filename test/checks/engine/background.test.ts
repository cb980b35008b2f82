import { childrenCpuMs, startBackground } from '../../../lib/checks/engine/background';

describe('a background command reports the CPU time it took (the benchmark breakdown)', () => {
  test('reads the children line of `times`, in dash and bash formats', () => {
    expect(childrenCpuMs('0m0.000000s 0m0.000000s\n0m1.250000s 0m0.500000s\n')).toBe(1750);
    expect(childrenCpuMs('0m0.001s 0m0.002s\n1m2.000s 0m0.500s')).toBe(62500);
    expect(childrenCpuMs('')).toBeUndefined();
  });

  test('a command that computes for a while reports at least that much CPU, and its output', () => {
    const busy =
      'const t = process.cpuUsage(); while (process.cpuUsage(t).user < 300000); console.log("done")';
    const result = startBackground(process.execPath, ['-e', busy]).wait();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('done');
    expect(result.cpuMs).toBeGreaterThanOrEqual(300);
  });
});
