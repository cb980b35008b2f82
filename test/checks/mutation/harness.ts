/**
 * The mutation suite's harness. A mutant is the compliant synthesized test project (shared by the whole
 * run, test/support/assembly.ts) with one way for data to leave added; `isotrain check --template`
 * must flag it with the rule that closes that way. Mutant files (`*.test.ts` here) each declare a
 * list of mutants and call `mutationSuite()`; the figures are summed into the README by hand.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkTemplates } from '../../../lib/checks/run';
import { Templates, sharedAssembly } from '../../support/assembly';

export type Json = any;
export type { Templates };

export interface Mutant {
  readonly name: string;
  /** The rule that must flag it, e.g. `Isolation-NET1`. */
  readonly rule: string;
  readonly mutate: (t: Templates) => void;
}

let work: string | undefined;

/** Writes templates (and the assembly manifest, for stack names) to a fresh directory. */
export function write(templates: Templates): string[] {
  work ??= fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-mutants-'));
  const dir = fs.mkdtempSync(path.join(work, 'm-'));
  fs.copyFileSync(path.join(sharedAssembly().dir, 'manifest.json'), path.join(dir, 'manifest.json'));
  return Object.entries(templates).map(([f, body]) => {
    fs.writeFileSync(path.join(dir, f), JSON.stringify(body, null, 1));
    return path.join(dir, f);
  });
}

/** The Isolation rules that flag these templates (the pack alone: the suite is about isolation). */
export function rulesFlagged(files: string[]): Set<string> {
  const report = checkTemplates(files, { packs: 'isolation', controlTower: false, cfnLint: false });
  return new Set(report.findings.map((f) => f.rule.replace(/\[.*$/, '')));
}

/** The compliant templates, a fresh copy. */
export const compliant = (): Templates => sharedAssembly().templates();

// ---- finding things in the templates ----

export function all(t: Templates): { file: string; id: string; r: Json }[] {
  return Object.entries(t).flatMap(([file, body]) =>
    Object.entries<Json>(body.Resources).map(([id, r]) => ({ file, id, r })),
  );
}
export const purposeOf = (r: Json) =>
  (r.Properties?.Tags ?? []).find((x: Json) => x.Key === 'isotrain:purpose')?.Value;
export function one(t: Templates, type: string, pred: (r: Json, id: string) => boolean = () => true) {
  const found = all(t).find((x) => x.r.Type === type && pred(x.r, x.id));
  if (!found) throw new Error(`mutant setup: no ${type} found`);
  return found;
}
export const bucket = (t: Templates, purpose: string) =>
  one(t, 'AWS::S3::Bucket', (r) => purposeOf(r) === purpose);
export const policyOf = (t: Templates, bucketId: string) =>
  one(t, 'AWS::S3::BucketPolicy', (r) => r.Properties.Bucket?.Ref === bucketId).r.Properties.PolicyDocument;
export const fileOf = (t: Templates, type: string) => one(t, type).file;
export const add = (t: Templates, file: string, id: string, r: Json) => (t[file].Resources[id] = r);
export const managed = (t: Templates, purpose: string) => {
  const role = one(t, 'AWS::IAM::Role', (r) => purposeOf(r) === purpose).id;
  return one(t, 'AWS::IAM::ManagedPolicy', (r) =>
    (r.Properties.Roles ?? []).some((x: Json) => x.Ref === role),
  ).r.Properties.PolicyDocument;
};
/** The cross-stack reference the Data stack uses for the data key. */
export function dataKeyRef(t: Templates): Json {
  const key = one(t, 'AWS::KMS::Key', (r) => purposeOf(r) === 'data-key');
  const out = Object.entries<Json>(t[key.file].Outputs).find(
    ([name, o]) => name.startsWith('PublishOutput') && o.Value?.['Fn::GetAtt']?.[0] === key.id,
  )!;
  return { 'Fn::GetStackOutput': { StackName: 'legal-Keys', Region: 'eu-west-1', OutputName: out[0] } };
}

/** Declares the tests of a list of mutants: each must be flagged by its rule. */
export function mutationSuite(mutants: readonly Mutant[]): void {
  const caught: string[] = [];
  test('mutant names are distinct', () => {
    expect(new Set(mutants.map((m) => m.name)).size).toBe(mutants.length);
  });
  describe.each(mutants.map((m) => [m.name, m] as const))('mutant: %s', (_name, m) => {
    test(`is flagged by ${m.rule}`, () => {
      const t = compliant();
      m.mutate(t);
      expect([...rulesFlagged(write(t))]).toContain(m.rule);
      caught.push(m.name);
    });
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
    work = undefined;
    console.log(
      `mutation suite (${path.basename(expect.getState().testPath ?? '')}): ${caught.length} / ${mutants.length} mutants caught`,
    );
  });
}
