/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
/**
 * Asking the evaluator many questions fast, with the same answers.
 *
 * - A statement whose Action/NotAction cannot match the action plays no part in the decision, so
 *   each document is cut down to the statements that may match, once per document and action.
 * - Actions that every Action/NotAction pattern of the documents treats alike get the same decision,
 *   whatever the rest of the request (nothing else in a request depends on the action), so rules
 *   evaluate one action per such class (`actionClasses`).
 */
import { ContextValue, EvaluationResult, Named, PolicyDocument, ResourceKind, evaluate } from '../iam';
import { actionMatches } from '../iam/matching';
import { arnGlob, globMatch } from '../iam/plain';
import { stringList } from '../iam/tokens';
import { Tri, UNKNOWN, not } from '../iam/tri';
import { Json, stringValues } from '../cfn';
import { Caller } from './inventory';
import { documentId, documentText, statementList } from './documents';

export interface Question {
  readonly caller: Caller;
  readonly action: string;
  readonly resource: string;
  /** The resource's account (required for S3, whose ARNs carry none). */
  readonly resourceAccount?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** The resource's own policy (bucket, key, trust policy). */
  readonly resourcePolicy?: Named;
  /** The VPC endpoint's policy, when the request goes through one. */
  readonly endpoint?: Named;
  readonly kind?: ResourceKind;
}

const cut = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

/** A statement's Action/NotAction as read once, with its answers per action so far. */
interface ActionFacts {
  /** The Action or NotAction values; undefined when the statement has both or neither. */
  readonly values?: readonly string[];
  readonly negated: boolean;
  readonly answers: Map<string, Tri>;
}

/** actionApplies per statement and action: rules ask about the same statements over and over. */
const applied = new WeakMap<object, ActionFacts>();

function actionFacts(s: Json): ActionFacts {
  let facts = applied.get(s);
  if (!facts) {
    const hasAction = s.Action !== undefined;
    facts =
      hasAction === (s.NotAction !== undefined)
        ? { negated: false, answers: new Map<string, Tri>() }
        : {
            values: stringList(hasAction ? s.Action : s.NotAction),
            negated: !hasAction,
            answers: new Map<string, Tri>(),
          };
    applied.set(s, facts);
  }
  return facts;
}

/** Whether a statement's Action/NotAction applies to the action, as the evaluator reads it. */
function actionApplies(s: Json, action: string): Tri {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return UNKNOWN;
  const facts = actionFacts(s);
  let out = facts.answers.get(action);
  if (out === undefined) {
    out = factsApply(facts, action);
    facts.answers.set(action, out);
  }
  return out;
}

function factsApply(facts: ActionFacts, action: string): Tri {
  if (!facts.values) return UNKNOWN;
  let hit: Tri = false;
  for (const v of facts.values) {
    const m = actionMatches(v, action);
    if (m === true) {
      hit = true;
      break;
    }
    if (m === UNKNOWN) hit = UNKNOWN;
  }
  return facts.negated ? not(hit) : hit;
}

function forAction(doc: PolicyDocument, action: string): PolicyDocument {
  let byAction = cut.get(doc);
  if (!byAction) cut.set(doc, (byAction = new Map()));
  const key = action.toLowerCase();
  let out = byAction.get(key);
  if (!out) {
    out = { ...doc, Statement: statementList(doc).filter((s) => actionApplies(s, action) !== false) };
    byAction.set(key, out);
  }
  return out;
}

const narrow = (n: Named | undefined, action: string): Named | undefined =>
  n && { name: n.name, document: forAction(n.document, action) };

export function ask(q: Question): EvaluationResult {
  const a = q.action;
  return evaluate(
    {
      principal: q.caller.principal,
      action: a,
      resource: q.resource,
      ...(q.resourceAccount !== undefined ? { resourceAccount: q.resourceAccount } : {}),
      context: q.caller.claims ? { ...q.caller.claims, ...q.context } : q.context,
    },
    {
      identity: q.caller.identity.map((n) => narrow(n, a)!),
      ...(q.caller.boundary ? { boundary: narrow(q.caller.boundary, a) } : {}),
      ...(q.resourcePolicy ? { resource: narrow(q.resourcePolicy, a) } : {}),
      ...(q.endpoint ? { endpoint: narrow(q.endpoint, a) } : {}),
    },
    q.kind ? { kind: q.kind } : {},
  );
}

/** Each statement's Action or NotAction list, as the evaluator reads it. */
function actionLists(docs: readonly (Named | undefined)[]): Json[] {
  return docs.flatMap((n) => statementList(n?.document).filter((s) => s && typeof s === 'object'));
}

/** actionClasses per list of actions and documents: rules group the same actions over the same policies. */
const classesCache = new WeakMap<
  readonly string[],
  Map<string, { readonly actions: readonly string[]; readonly classes: string[][] }>
>();

/**
 * The actions grouped so that every statement of the documents matches all of a group or none of it
 * (its Action/NotAction list, as a whole): one representative per group decides for the group.
 */
export function actionClasses(actions: readonly string[], docs: readonly (Named | undefined)[]): string[][] {
  let byDocs = classesCache.get(actions);
  if (!byDocs) classesCache.set(actions, (byDocs = new Map()));
  const key = docs.map((n) => documentId(n?.document)).join(',');
  let entry = byDocs.get(key);
  // The list's owner may have changed it since: what was grouped must be what is asked.
  if (!entry || !sameList(entry.actions, actions)) {
    entry = { actions: [...actions], classes: groupActions(actions, docs) };
    byDocs.set(key, entry);
  }
  // Callers own what they are given.
  return entry.classes.map((group) => [...group]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Each statement's answers for a list of actions, remembered per statement and list: the same
 * policies (a bucket's, a managed policy several roles hold) meet the same lists of actions in
 * rule after rule.
 */
const columns = new WeakMap<
  object,
  WeakMap<readonly string[], { readonly actions: readonly string[]; readonly column: readonly Tri[] }>
>();

function column(s: Json, actions: readonly string[]): readonly Tri[] {
  let byList = columns.get(s);
  if (!byList) columns.set(s, (byList = new WeakMap()));
  let entry = byList.get(actions);
  if (!entry || !sameList(entry.actions, actions)) {
    entry = { actions: [...actions], column: actions.map((a) => actionApplies(s, a)) };
    byList.set(actions, entry);
  }
  return entry.column;
}

function groupActions(actions: readonly string[], docs: readonly (Named | undefined)[]): string[][] {
  const signatures = actions.map(() => '');
  for (const s of actionLists(docs)) {
    const answers = column(s, actions);
    for (let i = 0; i < actions.length; i++) signatures[i] += `${String(answers[i])}|`;
  }
  const groups = new Map<string, string[]>();
  actions.forEach((action, i) => {
    const group = groups.get(signatures[i]);
    if (group) group.push(action);
    else groups.set(signatures[i], [action]);
  });
  return [...groups.values()];
}

/** The documents cut down to the statements that may match the action. */
export function narrowed(docs: readonly (Named | undefined)[], action: string): (Named | undefined)[] {
  return docs.map((n) => narrow(n, action));
}

/** Condition keys and variables that make a principal's tags or names matter beyond its ARN. */
const IDENTITY_DETAIL = /aws:principaltag\/|aws:username|aws:userid|aws:principaltype|\$\{/i;

/** What callerClasses reads of a document, computed once per document (rules ask about the same ones). */
interface DocumentFacts {
  readonly text: string;
  readonly strings: ReadonlySet<string>;
}

const facts = new WeakMap<object, DocumentFacts>();

function factsOf(document: PolicyDocument | undefined): DocumentFacts {
  if (!document) return { text: '{}', strings: new Set() };
  let f = facts.get(document);
  if (!f) {
    f = { text: documentText(document), strings: new Set(stringValues(document)) };
    facts.set(document, f);
  }
  return f;
}

/** How a pattern of the documents treats a name: as a glob, and as an ARN pattern. */
const treats = (pattern: string, name: string) =>
  `${globMatch(pattern, name) ? 1 : 0}${String(arnGlob(pattern, name))}`;

/**
 * Callers grouped so that no string of the documents tells two of a group apart (as a glob or an ARN
 * pattern over their ARNs, role ARNs and accounts), with the same principal type and the same `extra`
 * (what the rule itself distinguishes): one caller per group decides for the group. No grouping when
 * the documents look at tags, user names or policy variables.
 *
 * A string without `*` or `?` matches a name, as a glob or as an ARN pattern, only when it is that
 * name; so only the wildcard strings are matched against every name, and a literal one tells a caller
 * apart only by being one of its names.
 */
export function callerClasses(
  callers: readonly Caller[],
  docs: readonly (Named | undefined)[],
  extra: (c: Caller) => string,
): Caller[][] {
  const of = docs.map((n) => factsOf(n?.document));
  const text = of.map((f) => f.text).join('\n');
  if (IDENTITY_DETAIL.test(text) || text.includes('{{unknown:')) return callers.map((c) => [c]);
  const values = new Set<string>();
  of.forEach((f) => f.strings.forEach((v) => values.add(v)));
  const wild: string[] = [];
  const literal = new Map<string, number>();
  for (const v of values) {
    if (/[*?]/.test(v)) wild.push(v);
    else literal.set(v, literal.size);
  }
  const groups = new Map<string, Caller[]>();
  for (const c of callers) {
    const p = c.principal;
    const names = [p.arn, p.roleArn ?? '', p.account, p.service ?? ''];
    const signature = [
      p.type,
      p.account,
      extra(c),
      c.identity.map((n) => n.name).join(','),
      c.boundary?.name ?? '',
      JSON.stringify(c.claims ?? {}),
      ...names.map((n, i) => (literal.has(n) ? `${i}=${literal.get(n)}:${treats(n, n)}` : '')),
      ...wild.flatMap((s) => names.map((n) => treats(s, n))),
    ].join('|');
    const group = groups.get(signature);
    if (group) group.push(c);
    else groups.set(signature, [c]);
  }
  return [...groups.values()];
}

/** Whether any Allow statement of the documents may apply to the action (else nothing grants it). */
export function mayGrant(docs: readonly Named[], action: string): boolean {
  return narrowed(docs, action).some((n) =>
    statementList(n?.document).some((s: Json) => !s || typeof s !== 'object' || s.Effect !== 'Deny'),
  );
}
