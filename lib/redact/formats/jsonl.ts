import type { InputProblem } from '../problems';
import { FileTally } from '../report';
import type { Finding } from '../types';
import { Batch, type Pipeline } from './batch';
import { lineGroups } from './lines';
import { Output } from './output';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A field's path for the report: array indices collapse to `[]` so `messages[0].text` and `messages[1].text` add up. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[]`;
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return parent ? `${parent}.${segment}` : segment;
}

/** Every string of a JSON value with its field path, depth first: the order `rebuild` consumes them. */
export function collectStrings(value: Json, path: string, texts: string[], paths: string[]): void {
  if (typeof value === 'string') {
    texts.push(value);
    paths.push(path || '$');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collectStrings(v, childPath(path, i), texts, paths));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectStrings(v, childPath(path, k), texts, paths);
  }
}

/** The value with each string, in `collectStrings` order, replaced by `next()`. */
function rebuild(value: Json, next: () => string): Json {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((v) => rebuild(v, next));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = rebuild(v, next);
    return out;
  }
  return value;
}

/** JSON.parse's message quotes the input; keep only where it failed. */
export function jsonErrorMessage(err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m
    ? `expected a JSON value, invalid at column ${Number(m[1]) + 1}`
    : 'expected a JSON value, found text that is not JSON';
}

type Line =
  | { readonly blank: true }
  | { readonly value: Json; readonly texts: readonly string[]; readonly paths: readonly string[] };

export async function redactJsonLines(
  file: string,
  input: string,
  output: Output,
  pipeline: Pipeline,
  label: (path: string) => string,
  problems: InputProblem[],
): Promise<FileTally> {
  const tally = new FileTally();
  const { redactor } = pipeline;
  // Outputs are thrown away when any input has a problem, so nothing is written after the first one.
  const batch = new Batch<Line>(pipeline, async (line, found: Finding[][]) => {
    if ('blank' in line) {
      if (problems.length === 0) await output.write('\n');
      return;
    }
    let i = 0;
    const redacted = rebuild(line.value, () => {
      const r = redactor.apply(line.texts[i], found[i]);
      tally.add(label(line.paths[i]), r.counts);
      i++;
      return r.text;
    });
    if (problems.length === 0) await output.write(JSON.stringify(redacted) + '\n');
  });
  let n = 0;
  for await (const group of lineGroups(input)) {
    for (const raw of group) {
      n++;
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') {
        await batch.add({ blank: true }, []);
        continue;
      }
      let value: Json;
      try {
        value = JSON.parse(line) as Json;
      } catch (err) {
        problems.push({ file, line: n, message: jsonErrorMessage(err) });
        continue;
      }
      tally.records++;
      const texts: string[] = [];
      const paths: string[] = [];
      collectStrings(value, '', texts, paths);
      await batch.add({ value, texts, paths }, texts);
    }
  }
  await batch.flush();
  return tally;
}
