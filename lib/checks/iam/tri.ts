/**
 * Three-valued (Kleene) logic. A policy value the caller could not resolve makes a comparison neither
 * true nor false; 'unknown' carries that through conditions and statements so the final decision can
 * say whether it is certain.
 */
export type Tri = true | false | 'unknown';

export const UNKNOWN = 'unknown';

export function not(a: Tri): Tri {
  return a === UNKNOWN ? UNKNOWN : !a;
}

export function and(...values: readonly Tri[]): Tri {
  let result: Tri = true;
  for (const v of values) {
    if (v === false) return false;
    if (v === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

export function or(...values: readonly Tri[]): Tri {
  let result: Tri = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

/** OR over a list computed lazily: stops at the first certain true. */
export function some<T>(items: readonly T[], f: (item: T) => Tri): Tri {
  let result: Tri = false;
  for (const item of items) {
    const v = f(item);
    if (v === true) return true;
    if (v === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

/** AND over a list computed lazily: stops at the first certain false. */
export function every<T>(items: readonly T[], f: (item: T) => Tri): Tri {
  let result: Tri = true;
  for (const item of items) {
    const v = f(item);
    if (v === false) return false;
    if (v === UNKNOWN) result = UNKNOWN;
  }
  return result;
}

/** Resolve an unknown one way: `lean` is what an unknown becomes. */
export function resolve(a: Tri, lean: boolean): boolean {
  return a === UNKNOWN ? lean : a;
}
