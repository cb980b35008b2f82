import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRedactor, redactFile, redactFiles, RedactInputError, redactText } from '../../lib/redact';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-redact-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, body: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
  return p;
};
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

// Values planted in the fixtures below; none may appear in any output or report.
const PLANTED = [
  'Maria Lopez',
  'Lopez',
  'maria.lopez@example.com',
  '+44 20 7946 0958',
  '4111 1111 1111 1111',
  'DE89 3704 0044 0532 0130 00',
  '536-90-4399',
  '203.0.113.9',
  'AKIAIOSFODNN7EXAMPLE',
  'Hauptstraße 12, 10115 Berlin',
  '12/03/1985',
  'jan.kowalczyk@example.org',
];

describe('JSON Lines', () => {
  it('redacts every string value recursively and keeps keys, numbers, booleans and nulls', async () => {
    const input = write(
      'in.jsonl',
      [
        JSON.stringify({
          id: 7,
          ok: true,
          note: null,
          messages: [
            { role: 'user', text: 'I am Maria Lopez, maria.lopez@example.com' },
            { role: 'agent', text: 'Thanks, your card 4111 1111 1111 1111 is noted.' },
          ],
          meta: { ip: '203.0.113.9', tags: ['DOB: 12/03/1985', 'plain'] },
        }),
        JSON.stringify('SSN 536-90-4399'),
      ].join('\n') + '\n',
    );
    const report = await redactFile(input, path.join(dir, 'out.jsonl'));
    const [first, second] = read('out.jsonl')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toEqual({
      id: 7,
      ok: true,
      note: null,
      messages: [
        { role: 'user', text: 'I am [PERSON], [EMAIL]' },
        { role: 'agent', text: 'Thanks, your card [CARD_NUMBER] is noted.' },
      ],
      meta: { ip: '[IP_ADDRESS]', tags: ['DOB: [DATE_OF_BIRTH]', 'plain'] },
    });
    expect(second).toBe('SSN [GOVERNMENT_ID]');
    const file = report.files[0];
    expect(file.format).toBe('jsonl');
    expect(file.records).toBe(2);
    expect(file.fields).toEqual({
      'messages[].text': { PERSON: 1, EMAIL: 1, CARD_NUMBER: 1 },
      'meta.ip': { IP_ADDRESS: 1 },
      'meta.tags[]': { DATE_OF_BIRTH: 1 },
      $: { GOVERNMENT_ID: 1 },
    });
    expect(report.totals.entities).toEqual({
      PERSON: 1,
      EMAIL: 1,
      CARD_NUMBER: 1,
      IP_ADDRESS: 1,
      DATE_OF_BIRTH: 1,
      GOVERNMENT_ID: 1,
    });
    expect(report.totals.entitiesTotal).toBe(6);
    expect(report.totals.bytesIn).toBe(fs.statSync(input).size);
    expect(report.totals.bytesOut).toBe(fs.statSync(path.join(dir, 'out.jsonl')).size);
  });

  it('names a key that is itself an entity by its type in the report', async () => {
    const input = write('in.jsonl', JSON.stringify({ 'jan.kowalczyk@example.org': 'hello' }) + '\n');
    const report = await redactFile(input, path.join(dir, 'out.jsonl'));
    expect(JSON.stringify(report)).not.toContain('jan.kowalczyk');
    // The key itself is kept in the data: keys are structure, the contract says so.
    expect(read('out.jsonl')).toContain('jan.kowalczyk@example.org');
  });

  it('fails when lines are not JSON, naming every bad line, and writes nothing', async () => {
    const input = write(
      'bad.jsonl',
      ['{"text": "Maria Lopez"}', '{"text": "unterminated', '{"ok": true}', 'not json at all', ''].join('\n'),
    );
    const out = path.join(dir, 'out.jsonl');
    const err = await redactFile(input, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedactInputError);
    const problems = (err as RedactInputError).problems;
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
    expect(problems[0].file).toBe(input);
    expect(problems[0].message).toMatch(/expected a JSON value/);
    // The message says where, never what: no content of the bad line is quoted.
    expect((err as Error).message).not.toMatch(/unterminated|not json/);
    expect(fs.readdirSync(dir)).toEqual(['bad.jsonl']);
  });
});

describe('CSV', () => {
  it('redacts every cell, keeps the header, quotes as needed and counts per column', async () => {
    const input = write(
      'people.csv',
      [
        'name,contact,comment',
        '"Lopez, Maria",maria.lopez@example.com,"said ""hi"", then left"',
        'Jan Kowalczyk,+44 20 7946 0958,"multi',
        'line, with IBAN DE89 3704 0044 0532 0130 00"',
      ].join('\r\n') + '\r\n',
    );
    const report = await redactFile(input, path.join(dir, 'out.csv'));
    expect(read('out.csv')).toBe(
      [
        'name,contact,comment',
        // "Lopez, Maria" is one name written surname first.
        '[PERSON],[EMAIL],"said ""hi"", then left"',
        // A line break inside a quoted field is data and is kept as it was (CRLF); rows end with LF.
        '[PERSON],[PHONE],"multi\r\nline, with IBAN [IBAN]"',
        '',
      ].join('\n'),
    );
    expect(report.files[0].fields).toEqual({
      name: { PERSON: 2 },
      contact: { EMAIL: 1, PHONE: 1 },
      comment: { IBAN: 1 },
    });
    expect(report.files[0].records).toBe(2);
  });

  it('reads a TSV by its extension and a headerless file when told', async () => {
    const tsv = write('a.tsv', 'who\twhere\nMaria Lopez\tHauptstraße 12, 10115 Berlin\n');
    await redactFile(tsv, path.join(dir, 'a.out.tsv'));
    expect(read('a.out.tsv')).toBe('who\twhere\n[PERSON]\t[ADDRESS]\n');
    const plain = write('b.csv', 'Maria Lopez;536-90-4399\n');
    const report = await redactFile(plain, path.join(dir, 'b.out.csv'), {
      csvHeader: false,
      csvDelimiter: ';',
    });
    expect(read('b.out.csv')).toBe('[PERSON];[GOVERNMENT_ID]\n');
    expect(report.files[0].fields).toEqual({ 'column 1': { PERSON: 1 }, 'column 2': { GOVERNMENT_ID: 1 } });
  });

  it('fails on ragged rows, naming every one with expected and found counts, and writes nothing', async () => {
    const input = write('ragged.csv', 'a,b,c\n1,2,3\n1,2\n1,2,3\n1,2,3,4\n');
    const err = await redactFile(input, path.join(dir, 'out.csv')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedactInputError);
    expect((err as RedactInputError).problems).toEqual([
      { file: input, line: 3, message: 'expected 3 fields (as in the header), found 2' },
      { file: input, line: 5, message: 'expected 3 fields (as in the header), found 4' },
    ]);
    expect(fs.existsSync(path.join(dir, 'out.csv'))).toBe(false);
  });

  it('fails on an unclosed quote without quoting the data', async () => {
    const input = write('q.csv', 'a,b\n1,"Maria Lopez\n');
    const err = await redactFile(input, path.join(dir, 'out.csv')).catch((e: unknown) => e);
    expect((err as RedactInputError).problems[0].message).toMatch(/closing quote/);
    expect((err as Error).message).not.toContain('Maria');
    expect(fs.readdirSync(dir)).toEqual(['q.csv']);
  });
});

describe('plain text', () => {
  it('redacts a text file and keeps its layout, including entities across lines', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const input = write(
      'notes.txt',
      `Patient: Maria Lopez\nPhone: +44 20 7946 0958\n\n${pem}\nno newline at end`,
    );
    const report = await redactFile(input, path.join(dir, 'notes.out.txt'));
    expect(read('notes.out.txt')).toBe('Patient: [PERSON]\nPhone: [PHONE]\n\n[SECRET]\nno newline at end');
    expect(report.files[0]).toMatchObject({
      format: 'text',
      records: 7,
      fields: { '(text)': { PERSON: 1, PHONE: 1, SECRET: 1 } },
    });
  });

  it('streams a file larger than its block size with the same result as one string', async () => {
    const line = 'Contact Maria Lopez at maria.lopez@example.com or +44 20 7946 0958 about order 4839201.\n';
    const body = line.repeat(8000); // ~700 KB, several 256 KB blocks
    const input = write('big.log', body);
    const report = await redactFile(input, path.join(dir, 'big.out.log'));
    expect(read('big.out.log')).toBe(redactText(body).text);
    expect(report.totals.entities).toEqual({ PERSON: 8000, EMAIL: 8000, PHONE: 8000 });
  });
});

describe('formats and errors', () => {
  it('honours an explicit format over the extension', async () => {
    const input = write('data.out', '{"t":"Maria Lopez"}\n');
    await redactFile(input, path.join(dir, 'x.jsonl'), { format: 'jsonl' });
    expect(read('x.jsonl')).toBe('{"t":"[PERSON]"}\n');
  });

  it('fails on every file with a problem at once and writes none of the outputs', async () => {
    write('good.jsonl', '{"t":"Maria Lopez"}\n');
    write('unknown.xlsx', 'binary');
    write('bad.jsonl', '{oops}\n');
    const err = await redactFiles(
      ['good.jsonl', 'unknown.xlsx', 'bad.jsonl', 'missing.csv'].map((f) => ({
        input: path.join(dir, f),
        output: path.join(dir, 'out', f),
        name: f,
      })),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedactInputError);
    const problems = (err as RedactInputError).problems;
    expect(problems.map((p) => p.file)).toEqual(['unknown.xlsx', 'bad.jsonl', 'missing.csv']);
    expect(problems[0].message).toMatch(/cannot tell the format from the extension ".xlsx"/);
    expect(problems[2].message).toMatch(/expected a readable file/);
    expect(fs.existsSync(path.join(dir, 'out', 'good.jsonl'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('rejects an unknown entity type', () => {
    expect(() => createRedactor({ types: ['EMAIL', 'SHOE_SIZE' as never] })).toThrow(
      /Unknown entity type "SHOE_SIZE"/,
    );
  });

  it('redacts only the types asked for', () => {
    expect(redactText('Maria Lopez, maria.lopez@example.com', { types: ['EMAIL'] }).text).toBe(
      'Maria Lopez, [EMAIL]',
    );
  });
});

describe('pseudonyms', () => {
  it('gives one entity the same pseudonym across records and files, and different entities different ones', async () => {
    write(
      'a.jsonl',
      '{"t":"Maria Lopez wrote from maria.lopez@example.com"}\n{"t":"Jan Kowalczyk replied"}\n',
    );
    write(
      'b.csv',
      'who,mail\nMaria Lopez,MARIA.LOPEZ@example.com\nJan Kowalczyk,jan.kowalczyk@example.org\n',
    );
    const report = await redactFiles(
      ['a.jsonl', 'b.csv'].map((f) => ({ input: path.join(dir, f), output: path.join(dir, 'out', f) })),
      { pseudonyms: true },
    );
    const a = read('out/a.jsonl');
    const b = read('out/b.csv');
    expect(a).toBe('{"t":"[PERSON_1] wrote from [EMAIL_1]"}\n{"t":"[PERSON_2] replied"}\n');
    // Emails compare case-insensitively: the upper-case spelling is the same mailbox.
    expect(b).toBe('who,mail\n[PERSON_1],[EMAIL_1]\n[PERSON_2],[EMAIL_2]\n');
    expect(report.totals.distinctEntities).toEqual({ PERSON: 2, EMAIL: 2 });
  });

  it('uses a fresh key per run, so the numbering carries no fixed mapping between runs', () => {
    const text = 'Maria Lopez met Jan Kowalczyk. Jan Kowalczyk left.';
    const one = createRedactor({ pseudonyms: true }).redact(text).text;
    expect(one).toBe('[PERSON_1] met [PERSON_2]. [PERSON_2] left.');
    // Same entities, same order: same numbers, and nothing of the value or its digest is in the output.
    expect(createRedactor({ pseudonyms: true }).redact(text).text).toBe(one);
    expect(one).not.toMatch(/[0-9a-f]{8,}/);
  });
});

describe('the report', () => {
  it('holds no planted value anywhere, with or without pseudonyms', async () => {
    const body = [
      { text: `Maria Lopez (maria.lopez@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111.` },
      {
        text: `IBAN DE89 3704 0044 0532 0130 00, SSN 536-90-4399, from 203.0.113.9 with AKIAIOSFODNN7EXAMPLE.`,
      },
      { text: `Lives at Hauptstraße 12, 10115 Berlin. DOB: 12/03/1985. Lopez agreed.` },
      { 'jan.kowalczyk@example.org': 'key that is an email' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    write('in/all.jsonl', body + '\n');
    write('in/all.csv', 'Maria Lopez,maria.lopez@example.com\nLopez,536-90-4399\n');
    for (const pseudonyms of [false, true]) {
      const report = await redactFiles(
        ['all.jsonl', 'all.csv'].map((f) => ({
          input: path.join(dir, 'in', f),
          output: path.join(dir, `out-${pseudonyms}`, f),
          name: f,
        })),
        { pseudonyms },
      );
      const json = JSON.stringify(report);
      for (const value of PLANTED) expect(json).not.toContain(value);
      for (const value of PLANTED.filter((v) => v !== 'jan.kowalczyk@example.org')) {
        expect(read(`out-${pseudonyms}/all.jsonl`)).not.toContain(value);
      }
      expect(report.totals.entitiesTotal).toBeGreaterThanOrEqual(12);
    }
  });
});
