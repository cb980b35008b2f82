import type { Detector, Finding } from '../types';
import { classify, TITLES, type WordClass } from './name-lexicon';
import { LETTER, LOWER, matches, startsLower, trieAlternation, UPPER } from './util';

// A capitalized word (O'Brien, McDonald, Jean-Pierre, Żaneta), an initial (J.), or a particle inside a name.
const WORD = `(?:[${UPPER}]['’])?[${UPPER}][${LOWER}]+(?:[${UPPER}][${LOWER}]+)?(?:-[${UPPER}][${LOWER}]+)*`;
const INITIAL = `[${UPPER}]\\.`;
const PARTICLE =
  '(?:van|von|de|da|di|del|della|der|den|du|la|le|dos|das|do|bin|ibn|al|el|ter|ten|zu|y|van der|van den|de la|de los|af|av)';
const RUN = new RegExp(
  `(?<![${LETTER}0-9@._'’-])(?:${WORD}|${INITIAL})(?:(?:[ \\u00a0]${PARTICLE})*[ \\u00a0](?:${WORD}|${INITIAL})){0,5}(?:['’]s)?(?![${LETTER}0-9@]|\\.[${LETTER}0-9])`,
  'g',
);
// Two to four words in capitals, as forms and signatures write names: "MARIA LOPEZ", "O'BRIEN, JOHN" is not.
const CAPS_WORD = `[${UPPER}](?:['’]?[${UPPER}]){1,}(?:-[${UPPER}]{2,})*`;
const CAPS_RUN = new RegExp(
  `(?<![${LETTER}0-9@._'’-])${CAPS_WORD}(?:[ \\u00a0]${CAPS_WORD}){1,3}(?![${LETTER}0-9@])`,
  'g',
);
const CAPS_WORDS = new RegExp(CAPS_WORD, 'g');
const AFTER_WORD = new RegExp(`^[ ,]*&?\\s*([${LETTER}]+)`);

// Words right before a name that make it a name whatever the word lists say ("Dear", "Patient:", "signed by").
const STRONG_CUES = new Set(
  `dear|hi|hello|hey|good morning|good afternoon|good evening|good day|greetings|thanks|thank you|cheers|regards|
  sincerely|signed|signed by|signature|witness|witnessed by|name|
  patient|client|customer|tenant|landlord|employee|employer|contact|attn|attention|c/o|my name is|this is|i'm|i am|
  speaking with|spoke with|spoke to|named|called|caller|representative|seller|buyer|lessor|lessee|guarantor|borrower|
  lender|beneficiary|applicant|insured|policyholder|physician|doctor|surgeon|referred by|attending|nurse|pcp|author|
  prepared by|approved by|reviewed by|assigned to|contact person|next of kin|emergency contact|manager|supervisor|
  adjuster|claimant|owner|driver|recipient|sender|requester|assignee|reviewer|interviewer|candidate|
  hallo|liebe|lieber|sehr geehrte|sehr geehrter|grüße|bonjour|salut|cher|chère|cordialement|hola|estimado|estimada|
  saludos|atentamente|olá|prezado|prezada|cumprimentos|atenciosamente|ciao|gentile|saluti|beste|geachte|groeten|
  hej|hälsningar|kære|hilsen|hei|szanowny|szanowna|pozdrawiam|vážený|vážená|pozdravem|terveisin|ansprechpartner|
  kontakt|nom|nombre|nome|naam|imię|jméno|nimi|namn|navn|paciente|patient|patiënt|patientin|cliente|klient|kunde`
    .split('|')
    .map((w) => w.trim()),
);
// Weaker: the name lists must agree ("from", "by", "with").
const WEAK_CUES = new Set(
  'from|to|by|with|and|cc|agent|rep|for|per|ask|asked|told|tell|call|email|thank|thanks|ping'.split('|'),
);
const isCueChar = (c: number) => (c >= 97 && c <= 122) || c === 39 || c === 47; // a-z ' /
const isBlank = (c: number) => c === 32 || c === 9;

/**
 * The last three words (`[a-z'/]+`, one space apart) of a lower-cased lead, when only blanks and at most one
 * ":", "," or "-" follow them: "dear", "spoke with", "signed by:". Read backwards, because a regular
 * expression anchored at the end is tried at every position of the lead.
 */
function lastWords(lead: string): string[] {
  let j = lead.length;
  // One line break may separate the cue from the name: "Kind regards,\nMaria Lopez", "Name:\nMaria".
  let breaks = 0;
  const skipBlanks = () => {
    for (;;) {
      const c = lead.charCodeAt(j - 1);
      if (j > 0 && isBlank(c)) j--;
      else if (j > 0 && c === 10 && breaks++ === 0) j--;
      else if (j > 0 && c === 13) j--;
      else break;
    }
  };
  skipBlanks();
  const p = lead.charCodeAt(j - 1);
  if (p === 58 || p === 44 || p === 45) {
    j--;
    skipBlanks();
  }
  const words: string[] = [];
  while (words.length < 3 && j > 0 && isCueChar(lead.charCodeAt(j - 1))) {
    let i = j - 1;
    while (i > 0 && isCueChar(lead.charCodeAt(i - 1))) i--;
    words.unshift(lead.slice(i, j));
    if (i < 2 || lead.charCodeAt(i - 1) !== 32) break;
    j = i - 1;
  }
  return words;
}

// A chat or transcript line that opens with a speaker label: "Maria:", "[10:02] Maria Lopez:".
const SPEAKER_LINE =
  /(?:^|\n)[ \t]*(?:\[[^\]\n]{1,30}\][ \t]*|\d{1,2}:\d{2}(?::\d{2})?[ \t]*(?:[ap]m)?[ \t-]*)?$/i;

// Words after a name that make it an organization or a street, not a person.
const ORG_WORDS = new Set(
  'inc ltd llc llp plc gmbh ag sa sarl sas bv nv ab oy spa srl corp corporation co company group holdings partners associates foundation bank university hospital clinic institute labs technologies systems solutions services consulting pty limited trust fund capital ventures media studios airlines motors'.split(
    ' ',
  ),
);
const STREET_WORDS = new Set(
  'street st road rd avenue ave boulevard blvd drive terrace crescent parkway highway square plaza straße strasse'.split(
    ' ',
  ),
);
const ORG_OR_PLACE_AFTER = new Set([...ORG_WORDS, ...STREET_WORDS]);

const NAMEY: ReadonlySet<WordClass> = new Set(['given', 'surname']);

interface Tok {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly cls: WordClass | 'initial' | 'particle' | 'title';
}

/**
 * The words of a run. RUN separates them by exactly one space or no-break space and each is one TOKEN
 * (a capitalized word, an initial or a particle), so the run is cut at those characters rather than matched
 * again (a match object per word was a tenth of this detector's garbage); a test checks names of every shape.
 */
export function tokenize(run: string, offset: number): Tok[] {
  const out: Tok[] = [];
  let from = 0;
  for (let i = 0; i <= run.length; i++) {
    const c = i < run.length ? run.charCodeAt(i) : 32;
    if (c !== 32 && c !== 0xa0) continue;
    if (i > from) {
      const text = run.slice(from, i);
      out.push({ text, start: offset + from, end: offset + i, cls: tokenClass(text) });
    }
    from = i + 1;
  }
  return out;
}

const tokenClasses = new Map<string, Tok['cls']>();

/**
 * A token's class, memoized per spelling: most capitalized words of a text are the same few hundred everyday
 * words, and one look-up here spares lower-casing each occurrence (garbage for every capitalized word).
 */
function tokenClass(text: string): Tok['cls'] {
  let cls = tokenClasses.get(text);
  if (cls === undefined) {
    if (startsLower(text)) cls = 'particle';
    else if (text.length === 2 && text.endsWith('.'))
      cls = TITLES.has(text.toLowerCase()) ? 'title' : 'initial';
    else if (TITLES.has(text.toLowerCase())) cls = 'title';
    else cls = classifyCompound(text);
    if (tokenClasses.size < 200_000) tokenClasses.set(text, cls);
  }
  return cls;
}

const compoundCache = new Map<string, WordClass>();

/** "Jean-Pierre", "Smith-Jones": the best class of the parts; memoized per spelling. */
function classifyCompound(word: string): WordClass {
  let cls = compoundCache.get(word);
  if (cls === undefined) {
    cls = classifyParts(word);
    if (compoundCache.size < 200_000) compoundCache.set(word, cls);
  }
  return cls;
}

const APOSTROPHE_PREFIX = /^\p{Lu}['’]/u;

function classifyParts(word: string): WordClass {
  const parts = word.split('-');
  if (parts.length === 1)
    return classify(word.replace(APOSTROPHE_PREFIX, (p) => (p[0] === 'O' ? '' : p)) || word);
  const classes = parts.map((p) => classify(p));
  if (classes.some((c) => NAMEY.has(c))) return 'surname';
  if (classes.every((c) => c === 'common')) return 'common';
  return classes.includes('ambiguous') ? 'ambiguous' : 'unknown';
}

// Everyday words that never complete a name, even right after a given name ("Maria Monday", "Anna Please").
const NEVER_SURNAMES = new Set(
  `i the a an and or but of for to in on at by with from is are was were be it we you he she they my our your
  his her their this that these those not no yes please thanks thank hi hello dear ok okay monday tuesday
  wednesday thursday friday saturday sunday january february march april may june july august september
  october november december`.split(/\s+/),
);

const DETERMINERS = new Set('the a an this that our your their my its'.split(' '));
const DETERMINER_BEFORE = /(?:^|[^\p{L}])(?:the|a|an|this|that|our|your|their|my|its)[ \u00a0]$/iu;

/**
 * Whether a word the lists call an everyday word is the surname of the given name before it: "Jane Doe",
 * "Mary Brown", "Maria van der Berg", "Jane Q. Public". Only right after a given name (itself possibly followed
 * by initials or particles), only one such word, never a street or organization word, a weekday, a month or a
 * function word, and never when another everyday word follows ("Anna Rose Garden Center" reads as a place)
 * or an article precedes ("The Anne Hat" names a product).
 */
function isSurnameAfterGivenName(
  cur: readonly Tok[],
  t: Tok,
  next: Tok | undefined,
  afterDeterminer: boolean,
): boolean {
  const words = cur.filter((c) => c.cls !== 'particle' && c.cls !== 'initial');
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (last.cls !== 'given' || afterDeterminer) return false;
  const lower = t.text.toLowerCase();
  if (ORG_OR_PLACE_AFTER.has(lower) || NEVER_SURNAMES.has(lower)) return false;
  return next === undefined || (next.cls !== 'common' && next.cls !== 'title');
}

/** Splits a run at words that can never be part of a name, remembering whether a title preceded. */
function segments(
  tokens: readonly Tok[],
  determinerBeforeRun: () => boolean,
): { toks: Tok[]; titled: boolean }[] {
  const out: { toks: Tok[]; titled: boolean }[] = [];
  let cur: Tok[] = [];
  let titled = false;
  // Plain loops, no closures: this runs for every run of two or more capitalized words.
  let curFrom = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i] as Tok | undefined;
    let flush = t === undefined;
    if (t !== undefined) {
      if (cur.length === 0) curFrom = i;
      if (t.cls === 'title') flush = true;
      else if (t.cls === 'common') {
        const before =
          curFrom > 0 ? DETERMINERS.has(tokens[curFrom - 1].text.toLowerCase()) : determinerBeforeRun();
        if (isSurnameAfterGivenName(cur, t, tokens[i + 1], before)) cur.push({ ...t, cls: 'surname' });
        else flush = true;
      } else cur.push(t);
    }
    if (flush) {
      let from = 0;
      let to = cur.length;
      while (to > from && cur[to - 1].cls === 'particle') to--;
      while (from < to && cur[from].cls === 'particle') from++;
      if (to > from) out.push({ toks: from === 0 && to === cur.length ? cur : cur.slice(from, to), titled });
      if (cur.length > 0) cur = [];
      titled = t !== undefined && t.cls === 'title';
    }
  }
  return out;
}

/**
 * What the words before a run say: "strong" (Dear, Name:, this is), "speaker" (the run opens a line and a colon
 * follows it, as chat speakers and form labels do), "weak" (from, by, with) or nothing.
 */
type Cue = 'strong' | 'speaker' | 'weak' | 'none';

function accept(toks: readonly Tok[], titled: boolean, cue: Cue, sentenceStart: boolean): boolean {
  let words = 0;
  let namey = 0;
  let unknown = 0;
  let initials = 0;
  for (const t of toks) {
    if (t.cls === 'particle') continue;
    words++;
    if (t.cls === 'given' || t.cls === 'surname') namey++;
    else if (t.cls === 'unknown') unknown++;
    else if (t.cls === 'initial') initials++;
  }
  if (words === 0) return false;
  // "Thanks, K.": an initial alone is a name only right after a strong cue.
  if (initials === words) return cue === 'strong' && words === 1;
  if (titled) return words <= 4;
  // After a strong cue ("this is", "Dear", "Name:"), capitalized words that are not everyday words are a name.
  if (cue === 'strong') return words <= 4;
  // A line's label ("Maria:", "Personnummer:"): one word alone must not be unknown.
  if (cue === 'speaker') return words <= 4 && (namey > 0 || unknown < words || words >= 2);
  if (words >= 2)
    return namey >= 1 || (initials >= 1 && unknown + namey >= 1) || (cue === 'weak' && unknown >= 1);
  // One word alone: a clear name, or an unknown capitalized word that does not open a sentence after a cue.
  if (namey === 1) return true;
  return cue === 'weak' && unknown === 1 && !sentenceStart;
}

function isSentenceStart(text: string, index: number): boolean {
  const prev = text.slice(Math.max(0, index - 3), index);
  return index === 0 || /(?:[.!?]["')\]]?\s+|\n\s*|^\s*)$/.test(prev);
}

export const personDetector: Detector = {
  name: 'person',
  version: '4',
  types: ['PERSON'],
  detect(text: string): Finding[] {
    const out: Finding[] = [];
    const known = new Set<string>();
    const push = (a: Tok, b: Tok) => {
      out.push({
        start: a.start,
        end: b.end,
        type: 'PERSON',
        canonical: text.slice(a.start, b.end).toLowerCase(),
      });
    };
    const leftovers: Tok[] = [];
    const everydayWords: string[] = [];
    const everydayStarts: number[] = [];
    for (const m of matches(RUN, text)) {
      let run = m[0];
      if (run.endsWith("'s") || run.endsWith('’s')) run = run.slice(0, -2);
      // Most runs are one everyday word opening a sentence ("The", "Please"): settle those without tokenizing.
      if (!run.includes(' ') && !run.includes('\u00a0') && !run.endsWith('.')) {
        const cls = tokenClass(run);
        if (cls === 'title') continue;
        if (cls === 'common') {
          // Kept aside: an everyday word may be a surname seen in full elsewhere ("Jane Doe ... Doe said").
          everydayWords.push(run);
          everydayStarts.push(m.index);
          continue;
        }
      }
      const tokens = tokenize(run, m.index);
      const segs = segments(tokens, () =>
        DETERMINER_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index)),
      );
      // Runs of everyday words only ("The Company"): nothing more to look at.
      if (segs.length === 0) continue;
      const after = text.slice(m.index + run.length, m.index + run.length + 16).match(AFTER_WORD);
      const orgAfter = after !== null && ORG_OR_PLACE_AFTER.has(after[1].toLowerCase());
      // "12 Baker Street": after a house number, capitalized words name a street. Not across a line break:
      // "CLAIM 3641599\nBritt Bang" starts a new line with a name.
      const afterNumber = /\d[a-z]?,?[ \t]$/i.test(text.slice(Math.max(0, m.index - 3), m.index));
      // "Ubuntu 24.04", "Windows 11.2": a word followed by a version number names a product.
      const version = /^ v?\d+\.\d/.test(text.slice(m.index + run.length, m.index + run.length + 5));
      // "Johnson Controls Inc", "Morgan Stanley Bank": words before an organization suffix name the organization.
      let orgToken: Tok | undefined;
      for (let k = 1; k < tokens.length && orgToken === undefined; k++)
        if (ORG_OR_PLACE_AFTER.has(tokens[k].text.toLowerCase())) orgToken = tokens[k];
      for (let i = 0; i < segs.length; i++) {
        const seg = segs[i];
        const first = seg.toks[0];
        const last = seg.toks[seg.toks.length - 1];
        const canCue = i === 0 && seg.toks[0] === tokens[0];
        const isLast = i === segs.length - 1 && last === tokens[tokens.length - 1];
        if ((isLast && (orgAfter || version)) || (i === 0 && afterNumber && !seg.titled)) continue;
        if (orgToken && last.end <= orgToken.start) continue;
        const sentenceStart = isSentenceStart(text, first.start);
        // "Dear Maria", "Ask Penny Bahringer" at the start of a sentence: the capitalized cue is in the run.
        const inRunCue = canCue ? 'none' : cueWord(tokens[tokens.indexOf(first) - 1]);
        // "Dr. Beáta Valachovičová": an abbreviated title with its dot ends the run before the name.
        const titled = seg.titled || (canCue && titleBefore(text, first.start));
        // "Ping Alojza Haščáková": a cue word the lists do not know as an everyday word opens the run.
        const lead = seg.toks.length > 1 && !NAMEY.has(first.cls as WordClass) ? cueWord(first) : 'none';
        if (lead !== 'none' && accept(seg.toks.slice(1), titled, lead, false)) {
          push(seg.toks[1], last);
          for (const t of seg.toks.slice(1))
            if (t.cls !== 'particle' && t.cls !== 'initial') known.add(t.text);
          continue;
        }
        if (
          accept(seg.toks, titled, 'none', sentenceStart) ||
          (canCue && accept(seg.toks, titled, cueBefore(text, first.start, last.end), sentenceStart)) ||
          (inRunCue !== 'none' && accept(seg.toks, titled, inRunCue, false)) ||
          // One word alone is taken only where a listed name or not opening a sentence ("Kubernetes said").
          (isLast &&
            seg.toks.length <= 4 &&
            saysAfter(text, last.end) &&
            accept(seg.toks, titled, seg.toks.length > 1 ? 'strong' : 'weak', sentenceStart))
        ) {
          push(first, last);
          for (const t of seg.toks) if (t.cls !== 'particle' && t.cls !== 'initial') known.add(t.text);
        } else {
          for (const t of seg.toks) leftovers.push(t);
        }
      }
    }
    // A name seen in full ("Maria Lopez") is a name wherever else it appears alone ("Lopez said").
    for (const t of leftovers) {
      if (known.has(t.text) && t.cls !== 'initial' && t.cls !== 'particle') push(t, t);
    }
    const add = (start: number, end: number) =>
      out.push({ start, end, type: 'PERSON', canonical: text.slice(start, end).toLowerCase() });
    if (known.size > 0)
      everydayWords.forEach((w, k) => {
        if (known.has(w)) add(everydayStarts[k], everydayStarts[k] + w.length);
      });
    capitalNames(text, add);
    surnameFirst(text, add);
    cuedNames(text, add);
    namesBeforeVerbs(text, add);
    return out;
  },
};

/**
 * Names written in capitals. Headings and acronyms are in capitals too ("SERVICE AGREEMENT", "NHS TRUST"),
 * so this is stricter than for capitalized names: two or more words in a row that are clear names or in no
 * list, at least one of them a clear given name and at most one in no list; an everyday word separates them.
 */
function capitalNames(text: string, push: (start: number, end: number) => void): void {
  // Most texts hold no two capitalized words in a row: nothing to look at.
  if (!/[A-Z]{2}[ \u00a0][A-Z]{2}/.test(text)) return;
  for (const m of matches(CAPS_RUN, text)) {
    // "CLAIM FOR LUANA COELHO": the names are the words between everyday words.
    let group: { start: number; end: number; cls: WordClass }[] = [];
    const flush = () => {
      const classes = group.map((g) => g.cls);
      const unknown = classes.filter((c) => c === 'unknown').length;
      if (group.length >= 2 && classes.includes('given') && unknown < group.length - 1)
        push(group[0].start, group[group.length - 1].end);
      group = [];
    };
    for (const w of matches(CAPS_WORDS, m[0])) {
      const cls = classifyCompound(w[0]);
      if (cls === 'given' || cls === 'surname' || cls === 'unknown')
        group.push({ start: m.index + w.index, end: m.index + w.index + w[0].length, cls });
      else flush();
    }
    flush();
  }
}

// "Kowalczyk, Maria", "LOPEZ GARCIA, ANA", "Smith, John Q.": a surname part (one to three words), a comma, and
// a given name, capitalized or in capitals.
const COMMA_NAME = new RegExp(
  `(?<![${LETTER}0-9@._'’-])((?:${WORD}|${CAPS_WORD})(?:[ \\u00a0-](?:${WORD}|${CAPS_WORD})){0,2}),[ \\u00a0]((?:${WORD}|${CAPS_WORD}))(?:[ \\u00a0]${INITIAL})?(?![${LETTER}0-9@])`,
  'g',
);

const COMMA_NAME_HINT = /[\p{Ll}\p{Lu}], \p{Lu}/u;
const TITLE_BEFORE = /(?:^|\s)(\p{L}{1,5})\.?[ \u00a0]$/u;

/**
 * Names written surname first. The comma splits the capitalized run, so neither part is seen as a full name:
 * it is one when the part after the comma is a clear given name and no word before it is an everyday word, or
 * when a strong cue precedes it ("Witness: Novák, Darie") and no word is an everyday word.
 */
function surnameFirst(text: string, push: (start: number, end: number) => void): void {
  if (!COMMA_NAME_HINT.test(text)) return;
  for (const m of matches(COMMA_NAME, text)) {
    const surname = m[1].split(/[ \u00a0-]/).map((w) => classifyCompound(w));
    const given = classifyCompound(m[2]);
    if (surname.some((c) => c === 'common') || given === 'common') continue;
    if (m[1].split(/[ \u00a0-]/).some((w) => TITLES.has(w.toLowerCase()))) continue;
    const end = m.index + m[0].length;
    const clear = given === 'given' && surname.every((c) => c !== 'ambiguous');
    const title = TITLE_BEFORE.exec(text.slice(Math.max(0, m.index - 8), m.index));
    const titled = title !== null && TITLES.has(title[1].toLowerCase());
    if (clear || titled || cueBefore(text, m.index, end) === 'strong') push(m.index, end);
  }
}

// The strong cues and closings, each with its first letter in either case, for names written in lower case or
// capitals after them ("Thanks, zoey", "Yes hi, FINJA BEERLI here").
const CUE_ALTERNATION = trieAlternation(
  [...STRONG_CUES, 'best', 'yours', 'kind regards', 'best regards'].filter((c) => /^[a-z]/.test(c)),
  true,
);
const LOWER_WORD = `[${LOWER}][${LOWER}'’-]+`;
const UPPER_WORD = `[${UPPER}][${UPPER}'’-]+`;
const CUE_TITLE = '(?:[MD]rs?|Ms|Prof|Mme|Sr|Sra|Herr|Frau)\\.?[ \\u00a0]';
const CUED = new RegExp(
  `(?<![${LETTER}])(?:${CUE_ALTERNATION})(?![${LETTER}])(?:[ \\t]*[:,-])?[ \\t]*(?:\\r?\\n[ \\t]*)?(?:${CUE_TITLE})?((?:[${LOWER}${UPPER}]\\.[ \\u00a0])?(?:${LOWER_WORD}(?:,?[ \\u00a0]${LOWER_WORD}){0,3}|${UPPER_WORD}(?:,?[ \\u00a0]${UPPER_WORD}){0,3}))(?![${LETTER}0-9@])`,
  'g',
);

const CUED_WORD = /(?:\p{L}\.|[\p{L}'’-]+)/gu;
const INITIAL_FIRST = /^\p{L}\. /u;

/**
 * Names in lower case or in capitals right after a strong cue. The words are read while they are names or in no
 * list (an everyday word ends the name). Capitals: any such words. Lower case, which ordinary words are written
 * in: one word only when it is a clear given name or surname, more only when one of them is.
 */
function cuedNames(text: string, push: (start: number, end: number) => void): void {
  CUED.lastIndex = 0;
  for (let m = CUED.exec(text); m !== null; m = CUED.exec(text)) {
    const words = m[1];
    const start = m.index + m[0].length - words.length;
    // The words may hold the next cue ("Yours sincerely,\nt. kowalczyk"): search again from them.
    CUED.lastIndex = start;
    const lower = words === words.toLowerCase();
    if (!lower && words !== words.toUpperCase()) continue;
    let end = start;
    let namey = 0;
    let count = 0;
    let previous: WordClass | undefined;
    for (const w of matches(CUED_WORD, words)) {
      const word = w[0];
      if (word.endsWith('.')) {
        if (w.index !== 0) break;
      } else {
        const cls = classifyCompound(word);
        // In lower case an ambiguous word ("smith", "rose") is a surname only right after a given name.
        if (cls === 'common' || (lower && cls === 'ambiguous' && previous !== 'given')) break;
        if (cls === 'given' || cls === 'surname') namey++;
        previous = cls;
        count++;
      }
      end = start + w.index + word.length;
    }
    if (count === 0) continue;
    // Lower case: a clear name among the words, or an initial before them ("t. olivier").
    if (lower && namey === 0 && !INITIAL_FIRST.test(words)) continue;
    // Capitals: one unlisted word alone may be an acronym ("Patient DOB", "Client ID").
    if (
      !lower &&
      count === 1 &&
      namey === 0 &&
      classifyCompound(text.slice(start, end).replace(INITIAL_FIRST, '')) === 'unknown'
    )
      continue;
    push(start, end);
    CUED.lastIndex = end;
  }
}

/** The cue a capitalized word in the same run gives the words after it ("Dear", "Thanks", "Ask"). */
function cueWord(tok: Tok | undefined): 'strong' | 'weak' | 'none' {
  if (tok === undefined || tok.cls === 'particle') return 'none';
  const lower = tok.text.toLowerCase();
  return STRONG_CUES.has(lower) ? 'strong' : WEAK_CUES.has(lower) ? 'weak' : 'none';
}

// Closings that sign a letter or a message off, on the line before the name: "Best,\nMaria".
// The signature delimiter of e-mail ("-- " on a line of its own) is one too.
const CLOSING =
  /(?:(?:^|[^\p{L}])(?:best|best wishes|yours|yours truly|love|warmly|cordially|take care|many thanks|mvh|lg|vg)[,.!]?|(?:^|\n)--)[ \t]*\r?\n[ \t]*$/iu;

const ANY_LETTER = /\p{L}/u;

/** Whether an abbreviated title and its dot end right before `start`: "Mr. ", "Dr. ", "Sra. ", "Prof. ". */
function titleBefore(text: string, start: number): boolean {
  if (text.charCodeAt(start - 2) !== 46) return false; // "."
  const title = TITLE_BEFORE.exec(text.slice(Math.max(0, start - 8), start));
  return title !== null && TITLES.has(title[1].toLowerCase());
}

// Verbs that people, not things, are the subject of, right after a name: "Zoltán Lukács wrote:", "Imrich
// Krajčírová called about", "Aura Irimia (policyholder) reported", "Tīna asked us to". A parenthesized role may
// come between.
const SAYS_VERBS =
  `wrote writes said says asked asks told tells replied replies answered called calls phoned emailed
  e-mailed texted messaged reported complained explained mentioned confirmed apologised apologized agreed promised
  signed requested visited noted added`.split(/\s+/);
const SAYS_AFTER = new RegExp(
  `^(?:[ \\t]*\\([^()\\n]{1,30}\\))?[ \\t]+(?:${trieAlternation(SAYS_VERBS)})(?![${LETTER}])`,
);

function saysAfter(text: string, end: number): boolean {
  return SAYS_AFTER.test(text.slice(end, end + 48));
}

function cueBefore(text: string, start: number, end: number): Cue {
  const lead = text.slice(Math.max(0, start - 40), start);
  if (CLOSING.test(lead)) return 'strong';
  const words = lastWords(lead.toLowerCase());
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    if (STRONG_CUES.has(words.slice(-n).join(' '))) return 'strong';
  }
  // A chat speaker says something ("Maria: hello"); a form label gives a value ("Geburtsdatum: 1.2.1990").
  const said = /^[ \t]*:[ \t]*(.)/.exec(text.slice(end, end + 8));
  if (said && SPEAKER_LINE.test(lead)) return ANY_LETTER.test(said[1]) ? 'strong' : 'speaker';
  return words.length > 0 && WEAK_CUES.has(words[words.length - 1]) ? 'weak' : 'none';
}

const SAYS_VERB = new RegExp(`[ \\t](?:${trieAlternation(SAYS_VERBS)})(?![${LETTER}])`, 'g');
// The one to three words before such a verb (and a parenthesized role), all in lower case or all in capitals,
// an initial first: "matilda norberg", "GIOELE VISCONTI", "O. PEÑA VARGAS (policyholder)".
const WORDS_BEFORE_VERB = new RegExp(
  `(?<![${LETTER}0-9@._'’-])((?:[${LOWER}${UPPER}]\\.[ \\u00a0])?(?:${LOWER_WORD}(?:[ \\u00a0]${LOWER_WORD}){0,2}|${UPPER_WORD}(?:[ \\u00a0]${UPPER_WORD}){0,2}))(?:[ \\t]*\\([^()\\n]{1,30}\\))?$`,
);

/**
 * Names in lower case or capitals right before a verb said of people ("matilda norberg wrote:", "J. NAZARIO
 * ADAME called about"). Capitalized names are handled with the other runs. Lower case: a clear given name first
 * (or an initial), no everyday word. Capitals: two words or more (or an initial and one), no everyday word.
 */
function namesBeforeVerbs(text: string, push: (start: number, end: number) => void): void {
  for (const v of matches(SAYS_VERB, text)) {
    const from = Math.max(0, v.index - 60);
    const m = WORDS_BEFORE_VERB.exec(text.slice(from, v.index));
    if (!m) continue;
    const words = m[1];
    const lower = words === words.toLowerCase();
    if (!lower && words !== words.toUpperCase()) continue;
    const initial = INITIAL_FIRST.test(words);
    const list = words.replace(INITIAL_FIRST, '').split(/[ \u00a0]/);
    const classes = list.map((w) => classifyCompound(w));
    if (classes.some((c) => c === 'common')) continue;
    if (list.some((w) => TITLES.has(w.toLowerCase()) || STRONG_CUES.has(w.toLowerCase()))) continue;
    if (lower) {
      // "rose said": an everyday-word name needs a clear given name before it.
      if (!initial && classes[0] !== 'given') continue;
      if (classes.some((c, k) => c === 'ambiguous' && classes[k - 1] !== 'given')) continue;
    } else if (!initial && list.length < 2) continue;
    const start = from + m.index;
    push(start, start + words.length);
  }
}
