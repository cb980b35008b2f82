import { createHmac, randomBytes } from 'node:crypto';
import type { EntityType } from './types';

/**
 * Numbers entities consistently within one run: the same entity gets the same `[TYPE_n]` everywhere.
 * Entities are keyed by an HMAC under a random key made here and never exported, so neither the output, the
 * report nor this object's state (digests, not values) lets anyone map a placeholder back to a value.
 */
export class Pseudonymizer {
  private readonly key = randomBytes(32);
  private readonly numbers = new Map<string, number>();
  private readonly next = new Map<EntityType, number>();
  // Computing an HMAC per occurrence dominated redaction time; entities repeat, so recent ones are remembered.
  // In memory only, bounded, and no different from the text being redacted, which is in memory too.
  // One map per type, so that no key is built (a joined key cost more than the lookup).
  private readonly recent = new Map<EntityType, Map<string, string>>();
  private recentSize = 0;

  placeholder(type: EntityType, canonical: string): string {
    let ofType = this.recent.get(type);
    const cached = ofType?.get(canonical);
    if (cached !== undefined) return cached;
    const out = this.compute(type, canonical);
    if (this.recentSize >= 50_000) {
      this.recent.clear();
      this.recentSize = 0;
      ofType = undefined;
    }
    if (ofType === undefined) {
      ofType = new Map();
      this.recent.set(type, ofType);
    }
    ofType.set(canonical, out);
    this.recentSize++;
    return out;
  }

  private compute(type: EntityType, canonical: string): string {
    const digest = createHmac('sha256', this.key)
      .update(type)
      .update('\0')
      .update(canonical)
      .digest('base64');
    let n = this.numbers.get(digest);
    if (n === undefined) {
      n = (this.next.get(type) ?? 0) + 1;
      this.next.set(type, n);
      this.numbers.set(digest, n);
    }
    return `[${type}_${n}]`;
  }

  /** How many distinct entities of each type were seen. */
  distinct(): Partial<Record<EntityType, number>> {
    return Object.fromEntries(this.next);
  }
}
