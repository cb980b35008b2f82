import dns from 'node:dns';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { RedactInputError } from '../../lib/redact';
import {
  configFromEnv,
  main,
  runProcessingJob,
  type ProcessingPaths,
} from '../../lib/redact/processing-entrypoint';

let root: string;
let paths: ProcessingPaths;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-processing-'));
  paths = { inputRoot: path.join(root, 'input'), outputRoot: path.join(root, 'output') };
  fs.mkdirSync(paths.inputRoot);
  fs.mkdirSync(paths.outputRoot);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const put = (rel: string, body: string) => {
  const p = path.join(paths.inputRoot, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, body);
};
const listOutput = (dir = paths.outputRoot): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(paths.outputRoot, path.join(e.parentPath, e.name)))
    .sort();

describe('runProcessingJob', () => {
  it('redacts every file of every channel to the same relative path and writes the report beside them', async () => {
    put('train/chats/part-0001.jsonl', '{"text":"Hi, I am Maria Lopez, maria.lopez@example.com"}\n');
    put('train/people.csv', 'name,phone\nMaria Lopez,+44 20 7946 0958\n');
    put('notes/visit.txt', 'Patient: Maria Lopez\nDOB: 12/03/1985\n');
    const report = await runProcessingJob({ ISOTRAIN_REDACT_PSEUDONYMS: 'true' }, paths);

    expect(listOutput()).toEqual([
      'data/notes/visit.txt',
      'data/train/chats/part-0001.jsonl',
      'data/train/people.csv',
      'report.json',
    ]);
    const out = (rel: string) => fs.readFileSync(path.join(paths.outputRoot, 'data', rel), 'utf8');
    // One person, one pseudonym, across all three files and formats.
    expect(out('train/chats/part-0001.jsonl')).toBe('{"text":"Hi, I am [PERSON_1], [EMAIL_1]"}\n');
    expect(out('train/people.csv')).toBe('name,phone\n[PERSON_1],[PHONE_1]\n');
    expect(out('notes/visit.txt')).toBe('Patient: [PERSON_1]\nDOB: [DATE_OF_BIRTH_1]\n');

    const written = JSON.parse(fs.readFileSync(path.join(paths.outputRoot, 'report.json'), 'utf8'));
    expect(written).toEqual(JSON.parse(JSON.stringify(report)));
    expect(written.files.map((f: { file: string }) => f.file)).toEqual([
      'notes/visit.txt',
      'train/chats/part-0001.jsonl',
      'train/people.csv',
    ]);
    expect(written.totals).toMatchObject({
      files: 3,
      records: 4,
      entitiesTotal: 6,
      distinctEntities: { PERSON: 1 },
    });
    const text = JSON.stringify(written);
    for (const v of ['Maria', 'Lopez', 'maria.lopez@example.com', '7946', '12/03/1985'])
      expect(text).not.toContain(v);
  });

  it('opens no socket and resolves no name while it runs', async () => {
    put('train/a.jsonl', '{"text":"Maria Lopez, maria.lopez@example.com, +44 20 7946 0958, 203.0.113.9"}\n');
    const attempts: string[] = [];
    const connect = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (
      this: net.Socket,
    ) {
      attempts.push('connect');
      throw new Error('network use is not allowed in the redactor');
    });
    const lookup = jest.spyOn(dns, 'lookup').mockImplementation(() => {
      attempts.push('lookup');
      throw new Error('DNS use is not allowed in the redactor');
    });
    try {
      await runProcessingJob({}, paths);
    } finally {
      connect.mockRestore();
      lookup.mockRestore();
    }
    expect(attempts).toEqual([]);
    // The spies do catch network use: the same guard stops a real connection attempt.
    const probe = jest.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket) {
      attempts.push('connect');
      return this;
    });
    net.connect({ host: '127.0.0.1', port: 9 }).destroy();
    probe.mockRestore();
    expect(attempts).toEqual(['connect']);
  });

  it('fails on bad input in any file, listing every problem, and writes no output and no report', async () => {
    put('train/good.jsonl', '{"text":"Maria Lopez"}\n');
    put('train/bad.jsonl', '{"text": "Maria Lopez"\n{"ok":1}\nnope\n');
    put('train/ragged.csv', 'a,b\n1\n');
    put('train/picture.png', 'PNG');
    const err = await runProcessingJob({}, paths).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedactInputError);
    expect((err as RedactInputError).problems.map((p) => [p.file, p.line])).toEqual([
      ['train/bad.jsonl', 1],
      ['train/bad.jsonl', 3],
      ['train/picture.png', undefined],
      ['train/ragged.csv', 2],
    ]);
    expect(listOutput()).toEqual([]);
  });

  it('refuses a symbolic link, which could point outside the job input', async () => {
    put('train/a.txt', 'Maria Lopez');
    const secret = path.join(root, 'elsewhere.txt');
    fs.writeFileSync(secret, 'not part of the input');
    fs.symlinkSync(secret, path.join(paths.inputRoot, 'train', 'link.txt'));
    const err = await runProcessingJob({}, paths).catch((e: unknown) => e);
    expect((err as RedactInputError).problems).toEqual([
      { file: 'train/link.txt', message: 'expected a regular file, found a symbolic link' },
    ]);
    expect(listOutput()).toEqual([]);
  });

  it('fails when there is nothing to redact', async () => {
    const err = await runProcessingJob({}, paths).catch((e: unknown) => e);
    expect((err as RedactInputError).problems[0].message).toMatch(/expected at least one input file/);
  });
});

describe('configFromEnv', () => {
  it('reads defaults and every variable', () => {
    expect(configFromEnv({})).toEqual({ pseudonyms: false, csvHeader: true });
    expect(
      configFromEnv({
        ISOTRAIN_REDACT_FORMAT: 'csv',
        ISOTRAIN_REDACT_PSEUDONYMS: 'TRUE',
        ISOTRAIN_REDACT_TYPES: 'email, person',
        ISOTRAIN_REDACT_CSV_DELIMITER: 'tab',
        ISOTRAIN_REDACT_CSV_HEADER: 'false',
        PATH: '/usr/bin',
      }),
    ).toEqual({
      format: 'csv',
      pseudonyms: true,
      types: ['EMAIL', 'PERSON'],
      csvDelimiter: '\t',
      csvHeader: false,
    });
  });

  it('fails on every bad variable at once, naming variable, expectation and value', () => {
    let err: unknown;
    try {
      configFromEnv({
        ISOTRAIN_REDACT_FORMAT: 'xlsx',
        ISOTRAIN_REDACT_PSEUDONYMS: 'maybe',
        ISOTRAIN_REDACT_TYPES: 'EMAIL,SHOE_SIZE',
        ISOTRAIN_REDACT_CSV_DELIMITER: ';;',
        ISOTRAIN_REDACT_PSEUDONYM: 'true',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RedactInputError);
    const fields = (err as RedactInputError).problems.map((p) => p.field);
    expect(fields).toEqual([
      'ISOTRAIN_REDACT_PSEUDONYM',
      'ISOTRAIN_REDACT_FORMAT',
      'ISOTRAIN_REDACT_TYPES',
      'ISOTRAIN_REDACT_CSV_DELIMITER',
      'ISOTRAIN_REDACT_PSEUDONYMS',
    ]);
    expect((err as Error).message).toContain('ISOTRAIN_REDACT_FORMAT: expected auto');
    expect((err as Error).message).toContain('got "xlsx"');
    expect((err as Error).message).toContain('unknown variable');
  });
});

describe('main', () => {
  it('exits 0 on success, 2 on bad configuration or input, and logs no data', async () => {
    put('train/a.jsonl', '{"text":"Maria Lopez"}\n');
    const lines: string[] = [];
    expect(await main({}, paths, (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toMatch(/redacted 1 file\(s\), 1 record\(s\), 1 entities/);

    fs.rmSync(path.join(paths.outputRoot, 'data'), { recursive: true });
    fs.rmSync(path.join(paths.outputRoot, 'report.json'));
    expect(await main({ ISOTRAIN_REDACT_FORMAT: 'pdf' }, paths, (l) => lines.push(l))).toBe(2);
    put('train/b.jsonl', '{"text":"Maria Lopez secret stuff\n');
    expect(await main({}, paths, (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/nothing was written/);
    expect(lines.join('\n')).not.toMatch(/Maria|secret stuff/);
    expect(listOutput()).toEqual([]);
  });
});
