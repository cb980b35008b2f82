import { z } from 'zod';

/** Field builders shared by every schema of an input file: each failure reads as an expectation. */

/** A mapping that refuses unknown fields, naming the fields it knows. */
export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  const fields = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `unknown field; expected one of: ${fields}`
        : iss.code === 'invalid_type'
          ? 'expected a mapping of fields'
          : undefined,
  });
}

export function integer(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `expected one of: ${values.join(', ')}` });
}

export function text(what: string, pattern: RegExp) {
  const error = `expected ${what}`;
  return z.string({ error }).regex(pattern, { error });
}
