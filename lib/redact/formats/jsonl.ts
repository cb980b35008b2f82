import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { InputProblem } from '../problems';
import type { Redactor } from '../redactor';
import { FileTally } from '../report';
import { Output } from './output';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A field's path for the report: array indices collapse to `[]` so `messages[0].text` and `messages[1].text` add up. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[]`;
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return parent ? `${parent}.${segment}` : segment;
}

export function redactJson(
  value: Json,
  path: string,
  redactor: Redactor,
  tally: FileTally,
  label: (path: string) => string,
): Json {
  if (typeof value === 'string') {
    const r = redactor.redact(value);
    tally.add(label(path || '$'), r.counts);
    return r.text;
  }
  if (Array.isArray(value))
    return value.map((v, i) => redactJson(v, childPath(path, i), redactor, tally, label));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value))
      out[k] = redactJson(v, childPath(path, k), redactor, tally, label);
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

export async function redactJsonLines(
  file: string,
  input: string,
  output: Output,
  redactor: Redactor,
  label: (path: string) => string,
  problems: InputProblem[],
): Promise<FileTally> {
  const tally = new FileTally();
  const lines = readline.createInterface({
    input: fs.createReadStream(input, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') {
      if (problems.length === 0) await output.write('\n');
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
    const redacted = redactJson(value, '', redactor, tally, label);
    if (problems.length === 0) await output.write(JSON.stringify(redacted) + '\n');
  }
  return tally;
}
