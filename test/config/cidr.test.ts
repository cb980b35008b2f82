import { cidrsOverlap, isNetworkAligned, isPrivateRange, parseCidr } from '../../lib/config/cidr';

describe('cidr', () => {
  test('parses a.b.c.d/n into network and prefix', () => {
    expect(parseCidr('10.40.0.0/16')).toEqual({ network: 10 * 2 ** 24 + 40 * 2 ** 16, prefix: 16 });
  });
  test.each(['10.40.0.0', '10.40.0/16', '256.0.0.0/16', '10.0.0.0/33', 'ten/8', ''])(
    'fails to parse %p',
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );
  test('alignment: host bits must be zero', () => {
    expect(isNetworkAligned(parseCidr('10.40.0.0/16')!)).toBe(true);
    expect(isNetworkAligned(parseCidr('10.40.1.0/16')!)).toBe(false);
  });
  test('overlap is symmetric and catches containment', () => {
    const a = parseCidr('10.40.0.0/16')!;
    const b = parseCidr('10.40.128.0/24')!;
    const c = parseCidr('10.41.0.0/16')!;
    expect(cidrsOverlap(a, b)).toBe(true);
    expect(cidrsOverlap(b, a)).toBe(true);
    expect(cidrsOverlap(a, c)).toBe(false);
  });
  test('private ranges only', () => {
    expect(isPrivateRange(parseCidr('172.20.0.0/16')!)).toBe(true);
    expect(isPrivateRange(parseCidr('192.168.0.0/16')!)).toBe(true);
    expect(isPrivateRange(parseCidr('8.8.0.0/16')!)).toBe(false);
    expect(isPrivateRange(parseCidr('172.32.0.0/16')!)).toBe(false);
  });
});
