import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigProblem, describeValue, problemsFromIssues } from './problems';

/**
 * The first YAML error, with its line and a snippet pointing at the column. Only the first: the
 * parser's later errors usually follow from it, and one mistake should read as one problem.
 */
export function yamlProblem(
  file: string,
  source: string,
  errors: readonly { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }[],
): ConfigProblem {
  const [first] = errors;
  const reason = first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const pos = first.linePos?.[0];
  const more =
    errors.length > 1
      ? `\n(the parser found ${errors.length - 1} more error(s), which may follow from this one: fix it and run again)`
      : '';
  if (!pos) return { file, field: '', message: `not valid YAML: ${reason}${more}` };
  const gutter = String(pos.line).length;
  const text = source.split(/\r?\n/)[pos.line - 1] ?? '';
  const snippet = `\n  ${pos.line} | ${text}\n  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(pos.col - 1, 0))}^`;
  return {
    file,
    field: '',
    message: `not valid YAML at line ${pos.line}, column ${pos.col}: ${reason}${snippet}${more}`,
  };
}

/**
 * Parses one YAML document against a schema: YAML errors, a document that is not a mapping, and
 * every schema problem (named by field, with the value found) come back as problems, never thrown,
 * so a caller can report all of them, for all its files, at once.
 */
export function parseYamlDocument<S extends z.ZodType>(
  file: string,
  source: string,
  schema: S,
  what: string,
): { value?: z.output<S>; problems: ConfigProblem[] } {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { problems: [yamlProblem(file, source, doc.errors)] };
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      problems: [
        { file, field: '', message: `expected a mapping of ${what} fields, got ${describeValue(raw)}` },
      ],
    };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { problems: problemsFromIssues(file, raw, result.error.issues) };
  return { value: result.data, problems: [] };
}
