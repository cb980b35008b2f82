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
  private readonly recent = new Map<string, string>();

  placeholder(type: EntityType, canonical: string): string {
    const cacheKey = `${type}\0${canonical}`;
    const cached = this.recent.get(cacheKey);
    if (cached !== undefined) return cached;
    const out = this.compute(type, canonical);
    if (this.recent.size >= 50_000) this.recent.clear();
    this.recent.set(cacheKey, out);
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
