import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigProblem, describeValue, problemsFromIssues } from './problems';

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
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        field: '',
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
      })),
    };
  }
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
