import * as fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { InputProblem } from '../problems';
import { FileTally } from '../report';
import { Batch, type Pipeline } from './batch';
import { Output } from './output';

export interface CsvOptions {
  readonly delimiter: string;
  /** The first row names the columns and is kept as is. */
  readonly header: boolean;
}

// csv-parse's messages quote the offending value; say what was expected instead.
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'expected a closing quote before the end of the file',
  CSV_INVALID_CLOSING_QUOTE: 'expected a delimiter or line end after a closing quote',
  INVALID_OPENING_QUOTE: 'expected a quote only at the start of a field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'expected a delimiter or line end after a closing quote',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'expected the same number of fields on every row',
  CSV_MAX_RECORD_SIZE: 'expected a record smaller than the parser limit',
};

export async function redactCsv(
  file: string,
  input: string,
  output: Output,
  pipeline: Pipeline,
  options: CsvOptions,
  label: (column: string) => string,
  problems: InputProblem[],
): Promise<FileTally> {
  const tally = new FileTally();
  const parser = fs.createReadStream(input).pipe(
    parse({
      delimiter: options.delimiter,
      bom: true,
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
    }),
  );
  let columns: string[] | undefined;
  let width: number | undefined;
  const batch = new Batch<string[]>(pipeline, async (record, found) => {
    const out = record.map((cell, i) => {
      const r = pipeline.redactor.apply(cell, found[i]);
      tally.add(columns?.[i] ?? `column ${i + 1}`, r.counts);
      return r.text;
    });
    if (problems.length === 0) await output.write(stringify([out], { delimiter: options.delimiter }));
  });
  try {
    for await (const row of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = row;
      if (options.header && columns === undefined) {
        columns = record.map((name, i) => (name.trim() ? label(name) : `column ${i + 1}`));
        width = record.length;
        if (problems.length === 0) await output.write(stringify([record], { delimiter: options.delimiter }));
        continue;
      }
      width ??= record.length;
      if (record.length !== width) {
        problems.push({
          file,
          line: info.lines,
          message: `expected ${width} fields (as in ${options.header ? 'the header' : 'the first row'}), found ${record.length}`,
        });
        continue;
      }
      tally.records++;
      await batch.add(record, record);
    }
    await batch.flush();
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const at = (err as CsvError & { lines?: number }).lines;
    problems.push({
      file,
      line: at,
      message: `${CSV_ERRORS[err.code] ?? `expected valid CSV (${err.code})`}; reading stopped here`,
    });
  }
  return tally;
}
