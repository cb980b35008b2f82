import { LineCounter, Node, isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * The line of a field in a YAML document (`['retention', 'logDays']`, `['acknowledgments', 2]`),
 * from the yaml package's source positions. When the field is absent, the line of the deepest part
 * of the path that is there, so a report still points near it; undefined for an empty document.
 */
export function yamlLine(source: string, fieldPath: readonly (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const key of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** `retention.logDays` → `['retention', 'logDays']`. */
export const fieldPath = (field: string): string[] => field.split('.');
