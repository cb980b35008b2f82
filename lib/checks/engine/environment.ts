/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
import { Json, flatten } from '../cfn';

/**
 * Which account and region a template is judged against. Rules compare the accounts a policy names
 * with the template's own: an unknown own account makes every named account "another account"
 * (conservative), so the own account must come from somewhere a reviewer can see.
 */
export interface TemplateEnvironment {
  readonly account?: string;
  readonly region?: string;
  /** Where each came from, in words for the report's notes. */
  readonly accountFrom: string;
  readonly regionFrom: string;
}

/** What one template says about its environment. */
export interface EnvironmentClues {
  readonly file: string;
  /** The project tag; templates of one project are judged together. */
  readonly project?: string;
  /** The environment of its stack in a cloud assembly manifest beside it. */
  readonly manifest?: { readonly account?: string; readonly region?: string };
  /** Accounts in its ARNs, each with one ARN that shows it. */
  readonly accounts: ReadonlyMap<string, string>;
  /** Regions in its ARNs, availability-zone names and endpoint service names, each with an example. */
  readonly regions: ReadonlyMap<string, string>;
}

/** An ARN with an account; partition and region may be written `${AWS::Partition}`, `${AWS::Region}`. */
const ARN = /arn:(?:\$\{[^}]*\}|[^:\s]*):([a-z0-9-]+):(\$\{[^}]*\}|[^:\s]*):([0-9]{12}):[^\s,"]*/g;
const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]';
const AZ = new RegExp(`^(${REGION})[a-z]$`);
const SERVICE = new RegExp(`^com\\.amazonaws\\.(${REGION})\\.`);
const REGION_ONLY = new RegExp(`^${REGION}$`);

/** Every string a template contains, with `Fn::Join`/`Fn::Sub` put together so ARNs read whole. */
function strings(value: Json, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Fn::Join' || keys[0] === 'Fn::Sub')) out.push(flatten(value));
    for (const v of Object.values(value)) strings(v, out);
  }
  return out;
}

/** What a template's own text says about its account and region. */
export function environmentClues(
  file: string,
  body: Json,
  project: string | undefined,
  manifest?: { account?: string; region?: string },
): EnvironmentClues {
  const accounts = new Map<string, string>();
  const regions = new Map<string, string>();
  for (const s of strings(body?.Resources ?? {})) {
    for (const m of s.matchAll(ARN)) {
      if (!accounts.has(m[3])) accounts.set(m[3], m[0]);
      if (REGION_ONLY.test(m[2]) && !regions.has(m[2])) regions.set(m[2], m[0]);
    }
    const az = AZ.exec(s)?.[1] ?? SERVICE.exec(s)?.[1];
    if (az && !regions.has(az)) regions.set(az, s);
  }
  return { file, project, manifest, accounts, regions };
}

function one<T>(values: Iterable<T>): T | undefined {
  const distinct = [...new Set(values)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/**
 * Decides each template's account and region: given explicitly, else from a manifest beside it,
 * else inferred when the templates of its project (or, untagged, all templates checked together)
 * name exactly one. Ambiguous or absent → unknown, said so in `notes`, and judged conservatively.
 */
export function decideEnvironments(
  clues: readonly EnvironmentClues[],
  given: { readonly account?: string; readonly region?: string } = {},
): { environments: TemplateEnvironment[]; notes: string[] } {
  const notes: string[] = [];
  const groups = new Map<string, EnvironmentClues[]>();
  for (const c of clues) groups.set(c.project ?? '', [...(groups.get(c.project ?? '') ?? []), c]);
  const groupName = (g: string) => (g ? `project ${g}` : 'the templates without a project tag');

  const decide = (
    what: 'account' | 'region',
    c: EnvironmentClues,
    found: (x: EnvironmentClues) => ReadonlyMap<string, string>,
  ): [string | undefined, string] => {
    const explicit = given[what];
    const fromManifest = c.manifest?.[what];
    if (explicit) {
      if (fromManifest && fromManifest !== explicit) {
        notes.push(
          `${c.file}: its manifest.json says ${what} ${fromManifest}; judged against the ${what} given, ${explicit}.`,
        );
      }
      return [explicit, `given (--${what})`];
    }
    if (fromManifest) return [fromManifest, 'manifest.json beside the template'];
    const group = groups.get(c.project ?? '') ?? [c];
    const candidates = new Map<string, string>();
    for (const g of group) {
      const m = g.manifest?.[what];
      if (m) candidates.set(m, `manifest.json of ${g.file}`);
      for (const [value, example] of found(g)) if (!candidates.has(value)) candidates.set(value, example);
    }
    const only = one(candidates.keys());
    if (only) return [only, `inferred from ${groupName(c.project ?? '')}: ${candidates.get(only)}`];
    return [
      undefined,
      candidates.size === 0
        ? `unknown: ${groupName(c.project ?? '')} name no ${what}`
        : `unknown: ${groupName(c.project ?? '')} name several (${[...candidates.keys()].sort().join(', ')})`,
    ];
  };

  const environments = clues.map((c) => {
    const [account, accountFrom] = decide('account', c, (x) => x.accounts);
    const [region, regionFrom] = decide('region', c, (x) => x.regions);
    return { account, region, accountFrom, regionFrom };
  });

  // One note per distinct decision, not one per template.
  const summary = new Map<string, number>();
  environments.forEach((e) => {
    const line = e.account
      ? `Judged against account ${e.account} (${e.accountFrom})`
      : `Own account ${e.accountFrom}: every account a policy names is treated as another account; pass --account to judge against one`;
    summary.set(line, (summary.get(line) ?? 0) + 1);
    const regionLine = e.region ? `Region ${e.region} (${e.regionFrom})` : `Region ${e.regionFrom}`;
    summary.set(regionLine, (summary.get(regionLine) ?? 0) + 1);
  });
  for (const [line, n] of summary) notes.push(`${line}: ${n} template(s).`);
  return { environments, notes };
}
