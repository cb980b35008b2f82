import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../contract';
import { ConfigProblem, formatProblem, parseYamlDocument, section } from '../../config';
import { yamlLine } from './yaml-lines';

/**
 * The reviewed file of Isolation acknowledgments: the only place an Isolation finding can be
 * acknowledged. A template's own metadata cannot silence the rules that judge it; this file is
 * code-reviewed like any other change to the repository (see docs/acknowledgments.md).
 */
export const DEFAULT_ACKNOWLEDGMENTS_FILE = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'acknowledgments',
  'isolation.yaml',
);

/** One reviewed acknowledgment: one rule on the resources a precise name or pattern names. */
export interface IsolationAcknowledgment {
  /** `Isolation-S3VPCE`, or one of its findings (`Isolation-S3VPCE[reason]`). */
  readonly rule: string;
  /** Stack name, exact or a pattern (`*` any run of characters, `?` one character). */
  readonly stack: string;
  /** Logical ID, exact or a pattern. */
  readonly resource: string;
  readonly reason: string;
  /** Who approved it (a person or team a reviewer can ask). */
  readonly approvedBy: string;
  /** Where it is written: the file and line, for reports. */
  readonly file: string;
  readonly line?: number;
}

/** The file could not be used: every problem at once, each naming the file, the field and the value. */
export class AcknowledgmentFileError extends InputError {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'AcknowledgmentFileError';
  }
}

const WILDCARD = /[*?]/g;
/** A pattern must say which resource it means: at least this many characters that are not wildcards. */
const MIN_LITERAL = 4;

function pattern(what: string) {
  const error = `expected a ${what}: exact, or a pattern (* any run of characters, ? one) with at least ${MIN_LITERAL} other characters`;
  return z
    .string({ error })
    .regex(/^[A-Za-z0-9*?._-]+$/, { error })
    .refine((p) => !/[*?]/.test(p) || p.replace(WILDCARD, '').length >= MIN_LITERAL, { error });
}

function entrySchema(ruleIds: readonly string[]) {
  const rules = `expected an Isolation rule ID (optionally with its finding in brackets), one of: ${ruleIds.join(', ')}`;
  return section({
    rule: z
      .string({ error: rules })
      .refine((r) => ruleIds.includes(r.replace(/\[.*\]$/, '')), { error: rules }),
    stack: pattern('stack name'),
    resource: pattern('logical ID'),
    reason: z
      .string({ error: 'expected a reason a reviewer can check (at least 20 characters)' })
      .trim()
      .min(20, { error: 'expected a reason a reviewer can check (at least 20 characters)' }),
    approvedBy: z
      .string({ error: 'expected who approved the acknowledgment (a person or team)' })
      .trim()
      .min(1, { error: 'expected who approved the acknowledgment (a person or team)' }),
  });
}

function fileSchema(ruleIds: readonly string[]) {
  return section({
    acknowledgments: z
      .array(entrySchema(ruleIds), { error: 'expected a list of acknowledgments' })
      .default([]),
  });
}

/** Parses the text of an acknowledgments file; every problem at once. */
export function parseAcknowledgments(
  file: string,
  source: string,
  ruleIds: readonly string[],
): IsolationAcknowledgment[] {
  const { value, problems } = parseYamlDocument(file, source, fileSchema(ruleIds), 'acknowledgment');
  const entries = value?.acknowledgments ?? [];
  const seen = new Map<string, number>();
  entries.forEach((a, i) => {
    const key = `${a.rule}|${a.stack}|${a.resource}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        file,
        field: `acknowledgments[${i}]`,
        message: `expected each rule and resource once, got ${a.rule} on ${a.stack}/${a.resource} again (first at acknowledgments[${first}])`,
      });
    } else seen.set(key, i);
  });
  if (problems.length > 0) throw new AcknowledgmentFileError(problems);
  return entries.map((a, i) => ({ ...a, file, line: yamlLine(source, ['acknowledgments', i]) }));
}

/** Reads an acknowledgments file. A missing file is an input error: it was named, so it must exist. */
export function readAcknowledgments(file: string, ruleIds: readonly string[]): IsolationAcknowledgment[] {
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AcknowledgmentFileError([
      {
        file,
        field: '',
        message: `cannot read the acknowledgments file (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      },
    ]);
  }
  return parseAcknowledgments(file, source, ruleIds);
}

function matches(patternText: string, value: string): boolean {
  const re = patternText
    .replace(/[.+^${}()|[\]\\-]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(value);
}

/** Does the acknowledgment cover this finding (its rule, with or without the bracketed detail) on this resource? */
export function covers(
  a: IsolationAcknowledgment,
  finding: { readonly rule: string; readonly stackName: string; readonly logicalId: string },
): boolean {
  const ruleMatches = a.rule === finding.rule || a.rule === finding.rule.replace(/\[.*\]$/, '');
  return ruleMatches && matches(a.stack, finding.stackName) && matches(a.resource, finding.logicalId);
}
