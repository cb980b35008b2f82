import type { EntityCounts } from './redactor';
import type { EntityType } from './types';

export type FileFormat = 'jsonl' | 'csv' | 'text';

/** What one file held and what was replaced, per field or column. Counts and names only, never a value. */
export interface FileReport {
  readonly file: string;
  readonly format: FileFormat;
  readonly records: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly entities: EntityCounts;
  /** JSON path (`messages[].text`), CSV column name, or `(text)` for plain text. */
  readonly fields: Readonly<Record<string, EntityCounts>>;
}

export interface Report {
  readonly tool: 'isotrain-redact';
  readonly reportVersion: 1;
  readonly options: { readonly pseudonyms: boolean; readonly types: readonly EntityType[] };
  readonly detectors: Readonly<Record<string, string>>;
  readonly files: readonly FileReport[];
  readonly totals: {
    readonly files: number;
    readonly records: number;
    readonly bytesIn: number;
    readonly bytesOut: number;
    readonly entities: EntityCounts;
    readonly entitiesTotal: number;
    /** With pseudonyms: how many distinct entities of each type were seen across the dataset. */
    readonly distinctEntities?: EntityCounts;
  };
}

export function addCounts(into: Record<string, number>, from: EntityCounts): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + (v ?? 0);
}

/** Mutable tally for one file while it streams. */
export class FileTally {
  records = 0;
  bytesOut = 0;
  readonly entities: Record<string, number> = {};
  readonly fields: Record<string, Record<string, number>> = {};

  add(field: string, counts: EntityCounts): void {
    if (Object.keys(counts).length === 0) return;
    addCounts(this.entities, counts);
    addCounts((this.fields[field] ??= {}), counts);
  }

  finish(file: string, format: FileFormat, bytesIn: number): FileReport {
    return {
      file,
      format,
      records: this.records,
      bytesIn,
      bytesOut: this.bytesOut,
      entities: this.entities,
      fields: this.fields,
    };
  }
}
