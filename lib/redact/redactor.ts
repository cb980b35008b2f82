import { DETECTORS } from './detectors';
import { Pseudonymizer } from './pseudonyms';
import { ENTITY_TYPES, type Detector, type EntityType, type Finding } from './types';

export interface RedactOptions {
  /** Replace entities with `[PERSON_3]`-style pseudonyms, consistent across everything this redactor sees. @default false */
  readonly pseudonyms?: boolean;
  /** Entity types to redact. @default every type */
  readonly types?: readonly EntityType[];
}

export type EntityCounts = Partial<Record<EntityType, number>>;

export interface RedactResult {
  readonly text: string;
  readonly counts: EntityCounts;
}

export interface Redactor {
  redact(text: string): RedactResult;
  /** Replaces findings already made (by `find`, here or in a worker thread) in the text they were found in. */
  apply(text: string, findings: readonly Finding[]): RedactResult;
  /** Entities found in a text, without replacing them (overlaps resolved as `redact` would). */
  find(text: string): Finding[];
  /** `find` on each text, computed one detector at a time over all of them (cheaper for a batch). */
  findAll(texts: readonly string[]): Finding[][];
  /** A field or column name with any entity in it replaced by its type, for reports; memoized. */
  redactLabel(label: string): string;
  /** With pseudonyms: how many distinct entities of each type this redactor has seen. */
  distinctEntities(): EntityCounts;
  readonly detectorVersions: Readonly<Record<string, string>>;
}

const PRIORITY = new Map<EntityType, number>(
  DETECTORS.flatMap((d, i) => d.types.map((t): [EntityType, number] => [t, DETECTORS.length - i])),
);

/** Keeps the best finding where two overlap: the higher-priority type, then the longer span. */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return findings.filter((f) => f.end > f.start);
  // Each finding's priority looked up once, not in every comparison of the sort.
  const rank = findings.map((f) => PRIORITY.get(f.type) ?? 0);
  const order = findings.map((_, i) => i);
  order.sort(
    (a, b) =>
      rank[b] - rank[a] ||
      findings[b].end - findings[b].start - (findings[a].end - findings[a].start) ||
      findings[a].start - findings[b].start,
  );
  // A record holds a handful of findings: comparing against those kept beats marking characters, until
  // a large block of text holds thousands.
  const kept: Finding[] = [];
  let end = 0;
  for (const f of findings) if (f.end > end) end = f.end;
  const taken = findings.length > 64 ? new Uint8Array(end) : undefined;
  for (const i of order) {
    const f = findings[i];
    if (f.end <= f.start) continue;
    if (taken) {
      if (taken.subarray(f.start, f.end).some((x) => x !== 0)) continue;
      taken.fill(1, f.start, f.end);
    } else {
      let overlaps = false;
      for (const k of kept) {
        if (f.start < k.end && k.start < f.end) {
          overlaps = true;
          break;
        }
      }
      if (overlaps) continue;
    }
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function createRedactor(options: RedactOptions = {}): Redactor {
  const types = new Set(options.types ?? ENTITY_TYPES);
  for (const t of types) {
    if (!ENTITY_TYPES.includes(t))
      throw new Error(`Unknown entity type ${JSON.stringify(t)}: expected one of ${ENTITY_TYPES.join(', ')}`);
  }
  const detectors: Detector[] = DETECTORS.filter((d) => d.types.some((t) => types.has(t)));
  const pseudonyms = options.pseudonyms ? new Pseudonymizer() : undefined;

  const find = (text: string): Finding[] => {
    if (text.length === 0) return [];
    const all: Finding[] = [];
    for (const d of detectors) for (const f of d.detect(text)) if (types.has(f.type)) all.push(f);
    return resolveOverlaps(all);
  };

  // One detector over the whole batch, then the next: its code and data stay in the processor's caches, which
  // measured about a quarter cheaper than running all ten detectors on one text after the other. Each text's
  // findings are collected in the order `find` collects them, so overlaps resolve identically.
  const findAll = (texts: readonly string[]): Finding[][] => {
    const all: Finding[][] = texts.map(() => []);
    for (const d of detectors) {
      for (let i = 0; i < texts.length; i++) {
        if (texts[i].length === 0) continue;
        for (const f of d.detect(texts[i])) if (types.has(f.type)) all[i].push(f);
      }
    }
    return all.map((found, i) => (texts[i].length === 0 ? [] : resolveOverlaps(found)));
  };

  const labels = new Map<string, string>();
  const typed = (text: string): string => {
    let out = '';
    let at = 0;
    for (const f of find(text)) {
      out += `${text.slice(at, f.start)}[${f.type}]`;
      at = f.end;
    }
    return out + text.slice(at);
  };

  return {
    redactLabel(label: string): string {
      let out = labels.get(label);
      if (out === undefined) {
        out = typed(label);
        if (labels.size < 10_000) labels.set(label, out);
      }
      return out;
    },
    distinctEntities: () => pseudonyms?.distinct() ?? {},
    detectorVersions: Object.fromEntries(DETECTORS.map((d) => [d.name, d.version])),
    find,
    findAll,
    redact(text: string): RedactResult {
      return this.apply(text, find(text));
    },
    apply(text: string, findings: readonly Finding[]): RedactResult {
      if (findings.length === 0) return { text, counts: {} };
      const counts: Record<string, number> = {};
      let out = '';
      let at = 0;
      for (const f of findings) {
        out += text.slice(at, f.start);
        out += pseudonyms ? pseudonyms.placeholder(f.type, f.canonical) : `[${f.type}]`;
        at = f.end;
        counts[f.type] = (counts[f.type] ?? 0) + 1;
      }
      out += text.slice(at);
      return { text: out, counts };
    },
  };
}

/** Redacts one text. Pseudonyms, if asked for, are consistent within this text only: use `createRedactor` for a dataset. */
export function redactText(text: string, options: RedactOptions = {}): RedactResult {
  return createRedactor(options).redact(text);
}
