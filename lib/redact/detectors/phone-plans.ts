// Which national numbering plans could hold a number, asked before libphonenumber parses it. Parsing one
// candidate for each of 15 countries was the largest cost of phone detection; most of those parses can only
// say no, and the plan's own pattern for national numbers says so with one regular expression test.
//
// The test is a necessary condition for `parsePhoneNumberFromString(value, country)?.isValid()`: that call
// ends by matching the national number it extracted against the general pattern of the country it settled on
// (one of those sharing the default country's calling code) and then against the patterns of its number types
// (fixed line, mobile, ...; with their lengths), one of which must match; the national number it extracts is
// one of those listed by `nationalCandidates`. Plans whose rules could produce another national number (a trunk prefix
// with a carrier code or a rewrite rule, an international call prefix at the start) are always parsed.
import { Metadata, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import max from 'libphonenumber-js/metadata.max.json';

// The same metadata `libphonenumber-js/max` parses with (the JSON's inferred type is wider than the library's).
const metadata = max as unknown as MetadataJson;

/** The parts of libphonenumber's numbering plan read here (present at run time, not in its type declarations). */
// The compressed metadata stores an absent rule as 0.
interface PlanRules {
  callingCode(): string;
  IDDPrefix(): unknown;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): unknown;
  nationalPrefixTransformRule(): unknown;
}

/** One country's rules for a valid national number: its general pattern and those of its number types. */
interface CountryRules {
  readonly general: RegExp;
  /** Fixed line, mobile, toll free, ...: `isValid` asks that the number be of one of them. */
  readonly types: readonly { readonly pattern: RegExp; readonly lengths: readonly number[] | undefined }[];
}

interface Plan {
  readonly callingCode: string;
  /** Literal prefixes libphonenumber may strip ("0"); undefined when its rule is not a plain list of them. */
  readonly prefixes: readonly string[] | undefined;
  readonly idd: RegExp | undefined;
  /** The rules of every country sharing the calling code, patterns anchored at both ends. */
  readonly countries: readonly CountryRules[];
}

// The number types libphonenumber's getNumberType tries; a valid number is of one of them.
const NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

interface TypeRules {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const plans = new Map<CountryCode, Plan | null>();

function rules(meta: Metadata, country: CountryCode): PlanRules | undefined {
  meta.selectNumberingPlan(country);
  const plan = meta.numberingPlan as unknown as Partial<PlanRules> | undefined;
  const names: (keyof PlanRules)[] = [
    'callingCode',
    'IDDPrefix',
    'nationalNumberPattern',
    'nationalPrefixForParsing',
    'nationalPrefixTransformRule',
  ];
  return plan && names.every((n) => typeof plan[n] === 'function') ? (plan as PlanRules) : undefined;
}

function loadPlan(country: CountryCode): Plan | null {
  const meta = new Metadata(metadata);
  const own = rules(meta, country);
  if (!own) return null;
  const parsing = text(own.nationalPrefixForParsing());
  const prefixes =
    text(own.nationalPrefixTransformRule()) !== undefined ||
    (parsing !== undefined && !/^\d+(?:\|\d+)*$/.test(parsing))
      ? undefined
      : (parsing?.split('|') ?? []);
  const idd = text(own.IDDPrefix());
  const callingCode = own.callingCode();
  const sharing = metadata.country_calling_codes[callingCode] ?? [country];
  const countries: CountryRules[] = [];
  for (const c of sharing) {
    const r = rules(meta, c);
    if (!r) return null;
    const typed = meta as unknown as { hasTypes(): boolean; type(t: string): TypeRules | undefined };
    // Without type rules libphonenumber checks the general pattern alone; so does this, with a type that
    // accepts whatever the general pattern does.
    const types = typed.hasTypes()
      ? NUMBER_TYPES.flatMap((t) => {
          const rule = typed.type(t);
          const pattern = rule?.pattern();
          return rule && pattern
            ? [{ pattern: new RegExp(`^(?:${pattern})$`), lengths: rule.possibleLengths() }]
            : [];
        })
      : [{ pattern: /^/, lengths: undefined }];
    countries.push({ general: new RegExp(`^(?:${r.nationalNumberPattern()})$`), types });
  }
  return { callingCode, prefixes, idd: idd === undefined ? undefined : new RegExp(`^(?:${idd})`), countries };
}

/** The national numbers libphonenumber could extract from these digits with this plan as the default. */
function nationalCandidates(digits: string, plan: Plan, prefixes: readonly string[]): string[] {
  const out = [digits];
  const add = (d: string) => {
    out.push(d);
    for (const p of prefixes) if (d.startsWith(p)) out.push(d.slice(p.length));
  };
  for (const p of prefixes) if (digits.startsWith(p)) out.push(digits.slice(p.length));
  // Written with the country code but without "+": libphonenumber may read it as such.
  if (digits.startsWith(plan.callingCode)) add(digits.slice(plan.callingCode.length));
  return out;
}

/**
 * False only when no number of `country`'s calling code can be read from these digits, so that
 * `parsePhoneNumberFromString(value, country)?.isValid()` is certainly false. `digits` are the value's digits.
 */
export function couldBeValidIn(digits: string, country: CountryCode): boolean {
  let plan = plans.get(country);
  if (plan === undefined) {
    plan = loadPlan(country);
    plans.set(country, plan);
  }
  if (plan === null || plan.prefixes === undefined || plan.idd?.test(digits) === true) return true;
  const prefixes = plan.prefixes;
  return nationalCandidates(digits, plan, prefixes).some((n) =>
    plan.countries.some(
      (c) =>
        c.general.test(n) &&
        c.types.some((t) => (t.lengths === undefined || t.lengths.includes(n.length)) && t.pattern.test(n)),
    ),
  );
}
