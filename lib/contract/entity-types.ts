/**
 * The kinds of personal or secret data the redactor finds; each is replaced by `[TYPE]` or `[TYPE_n]`.
 * Shared vocabulary: the redactor writes its report's counts under these names, and `isotrain train`
 * accepts a redaction report only if it counts nothing else.
 */
export const ENTITY_TYPES = [
  'EMAIL',
  'PERSON',
  'PHONE',
  'ADDRESS',
  'DATE_OF_BIRTH',
  'GOVERNMENT_ID',
  'CARD_NUMBER',
  'IBAN',
  'IP_ADDRESS',
  'SECRET',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];
