import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decideEnvironments, environmentClues } from '../../lib/checks/engine/environment';
import { CheckReport } from '../../lib/checks/findings';
import { checkTemplates } from '../../lib/checks/run';
import { loadProjects } from '../../lib/config';
import { ProjectStage } from '../../lib/infra/project-stage';
import { newApp } from '../helpers';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'projects', 'ok');
const OWN = '111122223333';
const key = (account: string) => ({
  Type: 'AWS::KMS::Key',
  Properties: {
    KeyPolicy: {
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:root`]] },
          },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
  },
});

describe('environmentClues: what a template says about its own account and region', () => {
  test('reads accounts from ARNs (joined or not) and regions from ARNs, AZ names and endpoint services', () => {
    const clues = environmentClues(
      't.json',
      {
        Resources: {
          Key: key(OWN),
          Subnet: { Type: 'AWS::EC2::Subnet', Properties: { AvailabilityZone: 'eu-west-1a' } },
          Endpoint: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: { ServiceName: 'com.amazonaws.eu-west-1.s3' },
          },
          Repo: { Type: 'X', Properties: { Arn: 'arn:aws:ecr:eu-central-1:444455556666:repository/x' } },
        },
      },
      undefined,
    );
    expect([...clues.accounts.keys()].sort()).toEqual([OWN, '444455556666']);
    expect(clues.accounts.get(OWN)).toBe('arn:${AWS::Partition}:iam::111122223333:root');
    expect([...clues.regions.keys()].sort()).toEqual(['eu-central-1', 'eu-west-1']);
  });
});

describe('decideEnvironments', () => {
  const clue = (
    file: string,
    accounts: string[],
    o: { project?: string; manifest?: { account?: string } } = {},
  ) => ({
    file,
    project: o.project,
    manifest: o.manifest,
    accounts: new Map(accounts.map((a) => [a, `arn:aws:iam::${a}:root`])),
    regions: new Map([['eu-west-1', 'eu-west-1a']]),
  });

  test.each([
    ['given explicitly', [clue('a', ['444455556666'])], { account: OWN }, [OWN], /given \(--account\)/],
    [
      'from a manifest beside the template',
      [clue('a', ['444455556666'], { manifest: { account: OWN } })],
      {},
      [OWN],
      /manifest\.json beside/,
    ],
    [
      'inferred: the one account the templates name',
      [clue('a', [OWN]), clue('b', [])],
      {},
      [OWN, OWN],
      /inferred from the templates without a project tag: arn:aws:iam::111122223333:root/,
    ],
    [
      'unknown: several accounts',
      [clue('a', [OWN]), clue('b', ['444455556666'])],
      {},
      [undefined, undefined],
      /name several \(111122223333, 444455556666\).*treated as another account; pass --account/,
    ],
    ['unknown: no account at all', [clue('a', [])], {}, [undefined], /name no account/],
    [
      'per project: each project its own account',
      [clue('a', [OWN], { project: 'p1' }), clue('b', ['444455556666'], { project: 'p2' })],
      {},
      [OWN, '444455556666'],
      /inferred from project p2/,
    ],
  ])('%s', (_name, clues, given, accounts, note) => {
    const { environments, notes } = decideEnvironments(clues, given);
    expect(environments.map((e) => e.account)).toEqual(accounts);
    expect(notes.join('\n')).toMatch(note);
  });

  test('says so when the account given disagrees with the manifest', () => {
    const { notes } = decideEnvironments([clue('a.json', [], { manifest: { account: '444455556666' } })], {
      account: OWN,
    });
    expect(notes.join('\n')).toMatch(
      /a\.json: its manifest\.json says account 444455556666; judged against the account given, 111122223333/,
    );
  });
});

/**
 * The example's own unmodified templates, checked with --template away from their manifest.json:
 * their own account must not be taken for "another account" (it was: Isolation-KMS2 failed).
 */
describe('the synthesized templates checked without their manifest.json', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-env-'));
  let copies: string[];
  let inferred: CheckReport;
  beforeAll(() => {
    const app = newApp({ outdir: path.join(work, 'synth'), builtinCloudFormationValidation: false });
    const stage = new ProjectStage(app, { project: loadProjects(FIXTURE)[0].config });
    const dir = stage.synth().directory;
    fs.mkdirSync(path.join(work, 'alone'));
    copies = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => {
        fs.copyFileSync(path.join(dir, f), path.join(work, 'alone', f));
        return path.join(work, 'alone', f);
      });
    inferred = checkTemplates(copies, { cfnLint: false });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('pass every pack and the Control Tower controls, their account inferred from their ARNs', () => {
    expect(fs.existsSync(path.join(path.dirname(copies[0]), 'manifest.json'))).toBe(false);
    expect(inferred.findings).toEqual([]);
    expect(inferred.stacks.map((s) => s.account)).toEqual(copies.map(() => OWN));
    expect(inferred.notes.join('\n')).toMatch(
      /Judged against account 111122223333 \(inferred from project legal: arn:[^)]*111122223333[^)]*\): 5 template\(s\)\./,
    );
    expect(inferred.notes.join('\n')).toMatch(/Region eu-west-1 \(inferred from project legal: /);
    // The stacks the others read from are named as deployed, so references between them resolve.
    expect(inferred.notes.join('\n')).toMatch(
      /legalKeys[0-9A-F]{8}\.template\.json is taken to be stack legal-Keys \(no manifest\.json\)/,
    );
    expect(inferred.stacks.map((s) => s.stackName)).toEqual(
      expect.arrayContaining(['legal-Keys', 'legal-Network']),
    );
  });

  test('pass with the account and region given', () => {
    const given = checkTemplates(copies, {
      account: OWN,
      region: 'eu-west-1',
      packs: 'isolation',
      controlTower: false,
      cfnLint: false,
    });
    expect(given.findings).toEqual([]);
    expect(given.notes.join('\n')).toMatch(
      /Judged against account 111122223333 \(given \(--account\)\): 5 template\(s\)/,
    );
  });

  describe('when the templates name a second account', () => {
    let ambiguous: string[];
    beforeAll(() => {
      // A foreign ARN in a harmless place makes the own account ambiguous.
      fs.mkdirSync(path.join(work, 'ambiguous'));
      ambiguous = copies.map((f) => {
        const body = JSON.parse(fs.readFileSync(f, 'utf8'));
        if (/Keys/.test(f)) {
          const k = Object.values<any>(body.Resources).find((r) => r.Type === 'AWS::KMS::Key');
          k.Properties.Tags.push({ Key: 'auditor', Value: 'arn:aws:iam::999988887777:role/auditor' });
        }
        const out = path.join(work, 'ambiguous', path.basename(f));
        fs.writeFileSync(out, JSON.stringify(body));
        return out;
      });
    });

    test('the own account is unknown, said so, and a key policy naming an account fails (conservative)', () => {
      const report = checkTemplates(ambiguous, { packs: 'isolation', controlTower: false, cfnLint: false });
      expect(report.notes.join('\n')).toMatch(
        /Own account unknown: project legal name several \(111122223333, 999988887777\): every account a policy names is treated as another account; pass --account/,
      );
      // Policy findings carry their reason (`Isolation-KMS2[...]`).
      expect(report.findings.map((f) => f.rule.replace(/\[.*$/, ''))).toContain('Isolation-KMS2');
    });

    test('--account settles it', () => {
      const report = checkTemplates(ambiguous, {
        account: OWN,
        packs: 'isolation',
        controlTower: false,
        cfnLint: false,
      });
      expect(report.findings).toEqual([]);
    });
  });

  test('an untagged template from anywhere is judged against the account its ARNs name', () => {
    const file = path.join(work, 'other.json');
    fs.writeFileSync(file, JSON.stringify({ Resources: { Key: key('444455556666') } }));
    const report = checkTemplates([file], { packs: 'isolation', controlTower: false, cfnLint: false });
    expect(report.stacks[0].account).toBe('444455556666');
  });
});
