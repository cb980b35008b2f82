/** IPv4 CIDR arithmetic for validating VPC ranges. Pure functions, no dependencies. */

export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything malformed. */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const network = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { network, prefix };
}

function size(c: Ipv4Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** True when the address has no bits set below the prefix (10.0.0.0/16, not 10.0.1.0/16). */
export function isNetworkAligned(c: Ipv4Cidr): boolean {
  return c.network % size(c) === 0;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}

/** RFC 1918 private ranges; a VPC may use others, but isotrain keeps to these. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseCidr(c)!);

export function isPrivateRange(c: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((r) => c.prefix >= r.prefix && cidrsOverlap(c, r));
}
