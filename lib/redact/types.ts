import { ENTITY_TYPES, type EntityType } from '../contract/entity-types';

export { ENTITY_TYPES, type EntityType };

/** One entity found in a text: a half-open character range `[start, end)`. */
export interface Finding {
  readonly start: number;
  readonly end: number;
  readonly type: EntityType;
  /**
   * The entity in a normal form (digits only, lower case, ...), so that two spellings of one entity get one
   * pseudonym. Never leaves the process: it is only fed to a keyed HMAC.
   */
  readonly canonical: string;
}

/** A detector looks at one text at a time and reports where its entities are; it keeps no state. */
export interface Detector {
  readonly name: string;
  /** Bumped whenever what the detector finds changes, so a report says which rules produced it. */
  readonly version: string;
  readonly types: readonly EntityType[];
  detect(text: string): Finding[];
}
