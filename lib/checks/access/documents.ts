/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
/**
 * Policy documents of the templates as the evaluator reads them: every intrinsic resolved to a
 * string (values.ts), list-valued intrinsics spread into the list they stand in. Statements that are
 * themselves intrinsics (`Fn::If`) become unknown statements, which the evaluator tries both ways.
 */
import { Stack } from 'aws-cdk-lib';
import { Named, PolicyDocument, unknownValue } from '../iam';
import { Json, isIntrinsic } from '../cfn';
import { Symbols } from './values';

function resolveDeep(value: Json, stack: Stack, symbols: Symbols): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return value.flatMap((v) =>
      isIntrinsic(v) ? symbols.resolveList(v, stack) : [resolveDeep(v, stack, symbols)],
    );
  }
  if (isIntrinsic(value)) {
    const list = symbols.resolveList(value, stack);
    return list.length === 1 ? list[0] : list;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDeep(v, stack, symbols)]));
}

/** A policy document with its intrinsics resolved; undefined when there is none. */
export function resolveDocument(doc: Json, stack: Stack, symbols: Symbols): PolicyDocument | undefined {
  if (doc === undefined || doc === null) return undefined;
  if (isIntrinsic(doc) || typeof doc !== 'object' || Array.isArray(doc)) {
    return { Statement: [unknownValue(`policy document ${JSON.stringify(doc)}`)] };
  }
  return resolveDeep(doc, stack, symbols) as PolicyDocument;
}

/** Allow everything: what an administrator, or anyone's own account, grants itself. */
export const ADMINISTRATOR: Named = {
  name: 'an administrator identity policy',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/**
 * A policy whose content the templates do not hold (an AWS-managed policy, a customer policy of the
 * account): it may allow or deny anything, so decisions that depend on it are uncertain.
 */
export function unknownPolicy(name: string): Named {
  return {
    name,
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: unknownValue(`the content of ${name}`), Action: '*', Resource: '*' }],
    },
  };
}

/** The same document keeping only its Deny statements (what a holder can never lose). */
export function denyOnly(doc: PolicyDocument): PolicyDocument {
  const all = doc.Statement;
  const list = Array.isArray(all) ? all : all === undefined ? [] : [all];
  return {
    ...doc,
    Statement: list.filter((s: Json) => !(s && typeof s === 'object' && s.Effect === 'Allow')),
  };
}

/** The same document keeping only its Allow statements (what a holder is granted). */
export function allowOnly(doc: PolicyDocument): PolicyDocument {
  const all = doc.Statement;
  const list = Array.isArray(all) ? all : all === undefined ? [] : [all];
  return { ...doc, Statement: list.filter((s: Json) => s && typeof s === 'object' && s.Effect === 'Allow') };
}

/** Statements of a (resolved) document. */
export function statementList(doc: PolicyDocument | undefined): Json[] {
  const all = doc?.Statement;
  return Array.isArray(all) ? all : all === undefined || all === null ? [] : [all];
}

/** Whether a policy stands for content the templates do not hold (see `unknownPolicy`). */
export function isUnknownPolicy(n: Named): boolean {
  return statementList(n.document).some(
    (s: Json) => typeof s?.Effect === 'string' && s.Effect.includes('{{unknown:'),
  );
}

/** A number per document object, to key caches by a list of documents (documents are never changed). */
const documentIds = new WeakMap<object, number>();
let nextDocumentId = 0;

export function documentId(doc: PolicyDocument | undefined): number {
  if (!doc) return -1;
  let id = documentIds.get(doc);
  if (id === undefined) documentIds.set(doc, (id = nextDocumentId++));
  return id;
}

const texts = new WeakMap<object, string>();

/** A document as JSON text, made once per document (rules search the same documents' text). */
export function documentText(doc: PolicyDocument | undefined): string {
  if (!doc) return '{}';
  let text = texts.get(doc);
  if (text === undefined) texts.set(doc, (text = JSON.stringify(doc)));
  return text;
}
