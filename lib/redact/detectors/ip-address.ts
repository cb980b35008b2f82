import { isIPv4, isIPv6 } from 'node:net';
import type { Detector, Finding } from '../types';
import { before, matches } from './util';

const IPV4 = /(?<![A-Za-z0-9.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?(?![0-9]|\.\d)/g;
// Candidates only: hex groups and colons (with an optional embedded IPv4 tail); node:net decides.
const IPV6 =
  /(?<![A-Za-z0-9:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[0-9a-z]+)?(?![A-Za-z0-9:])/gi;

// "version 1.2.3.4", "v10.0.0.1", "build 4.1.0.2" are version numbers that parse as IPv4.
const VERSION_CONTEXT = /\b(?:v|version|ver\.?|release|build|firmware|sdk|update|patch|rev\.?|revision)\s*$/i;

export const ipAddressDetector: Detector = {
  name: 'ip-address',
  version: '1',
  types: ['IP_ADDRESS'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    if (/\d\.\d/.test(text)) {
      for (const m of matches(IPV4, text)) {
        const [address] = m[0].split('/');
        if (!isIPv4(address)) continue;
        if (VERSION_CONTEXT.test(before(text, m.index, 20))) continue;
        out.push({ start: m.index, end: m.index + m[0].length, type: 'IP_ADDRESS', canonical: address });
      }
    }
    if (/[0-9a-f]:[0-9a-f]{0,4}:|::/i.test(text)) {
      for (const m of matches(IPV6, text)) {
        const value = m[0];
        const address = value.split('%')[0];
        // Times (12:30:45) and ratios are not addresses; a real one has a compressed part or 8 groups.
        if (!isIPv6(address) || !/[0-9a-f]/i.test(address)) continue;
        if (!address.includes('::') && address.split(':').length < 8 && !address.includes('.')) continue;
        out.push({
          start: m.index,
          end: m.index + value.length,
          type: 'IP_ADDRESS',
          canonical: address.toLowerCase(),
        });
      }
    }
    return out;
  },
};
