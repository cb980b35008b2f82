import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_FIXTURE } from './support/fixture-projects';

/**
 * Every shell command in the README and in docs/ runs here, in order, in a copy of the repository,
 * so none can rot. Commands that need AWS run against `isotrain sandbox` (moto). The commands that
 * cannot run offline, or must not run inside the test suite, are listed below — in this one place,
 * each with its reason and what runs instead — and a command that is neither runnable here nor
 * listed fails the test.
 */
const ROOT = path.join(__dirname, '..');

interface NotRunnable {
  readonly command: RegExp;
  readonly reason: string;
  /** What runs in its place so the commands after it have what they need. */
  readonly instead?: string;
}

const NOT_RUNNABLE: readonly NotRunnable[] = [
  {
    command: /^npm ci && npx cdk synth\b/,
    reason:
      'installs dependencies and synthesizes every project: CI runs it first (.ci/run); the test runs from the installed tree',
  },
  { command: /^npm test\b/, reason: 'this test is part of it' },
  {
    command: /^npx cdk synth 'legal\/\*'$/,
    reason:
      'synthesizes and checks a whole project (tens of CPU-seconds): CI runs `npx cdk synth` (.ci/run), test/synth.test.ts proves synth fails on findings, test/config/gate.test.ts that it refuses values the checks would fail',
  },
  {
    command: /^\$EDITOR /,
    reason: 'a person edits the files',
    // What the README tells them to change: the name, the address range, their own account (and so their images).
    instead:
      "sed -i -e 's/^name: example.*/name: legal/' -e 's#10.40.0.0/16#10.41.0.0/16#' -e 's/111122223333/444455556666/g' projects/legal.yaml legal-lora.yaml legal-eval.yaml",
  },
  {
    command: /^(npx isotrain check\b|npm run compliance$)/,
    reason:
      'runs every pack, cfn-guard and cfn-lint over every project (minutes of CPU): test/cli/check.test.ts and test/checks/equivalence.test.ts run it on fixtures',
  },
  {
    command: /^npx isotrain evaluate "\$RUN" --spec legal-eval\.yaml --wait$/,
    reason:
      'moto runs no container: the job is Completed before anything could write results.json, and --wait pins the results it finds at the end',
    // Start it without --wait, then write what the evaluation container would have written.
    instead: [
      'J=$(npx isotrain evaluate "$RUN" --spec legal-eval.yaml)',
      'A=$(aws ssm get-parameter --name /isotrain/legal/artifacts-bucket --query Parameter.Value --output text)',
      `echo '{"format":"isotrain.privacy-results/1","membershipInferenceAuc":0.5,"extractionHits":0,"canaryExposure":1}' | aws s3 cp - "s3://$A/evaluations/$RUN/$J/results.json"`,
    ].join('\n'),
  },
  {
    command: /^npx isotrain release "\$RUN"$/,
    reason:
      'release decides on AWS ground truth: the model version the training job wrote while it ran; moto runs no container and ends a job as it starts it, so in the sandbox release must refuse (test/cli/governance-commands.test.ts approves through a lifecycle layer in front of moto)',
    instead:
      'if npx isotrain release "$RUN" > release.out 2>&1; then exit 1; fi; grep -E "^refused: " release.out; grep -E "0 version\\(s\\) written while training job" release.out',
  },
  {
    command: /^npx isotrain stop "\$\(cat job\.txt\)" --wait$/,
    reason:
      'moto cannot stop a training job (StopTrainingJob answers 500); test/cli/train.e2e.test.ts tests stop through a lifecycle layer in front of moto',
  },
  { command: /^npx cdk bootstrap /, reason: 'needs an AWS account (CloudFormation, S3, ECR, IAM)' },
  { command: /^npx cdk diff /, reason: 'compares with the deployed stacks: needs an AWS account' },
  {
    command: /^npx cdk deploy 'legal\/\*' --outputs-file legal-outputs\.json$/,
    reason: 'needs an AWS account; moto cannot deploy these templates (FIELD-NOTES)',
    instead:
      'eval "$(npx isotrain sandbox up --project legal)" && cp .isotrain/sandbox/legal-outputs.json legal-outputs.json',
  },
];

/** What a container would have written: moto runs none. Run after the command that starts the job. */
const CONTAINER_STAND_INS: readonly { readonly after: RegExp; readonly run: string }[] = [
  {
    // The redactor container writes the redacted data and its report beside it.
    after:
      /^JOB=\$\(npx isotrain redact --project legal --input datasets\/contracts\/ --output redacted\/contracts\/\)$/,
    run: [
      'aws s3 cp contracts/ "s3://$DATA/redacted/contracts/$JOB/data/" --recursive',
      `echo '{"totals":{"records":1,"entities":{}}}' | aws s3 cp - "s3://$DATA/redacted/contracts/$JOB/report.json"`,
    ].join('\n'),
  },
  {
    after: /^npx isotrain train .*--wait \| tee train\.out$/,
    run: [
      'A=$(aws ssm get-parameter --name /isotrain/legal/artifacts-bucket --query Parameter.Value --output text)',
      'echo weights > /tmp/isotrain-readme-model && aws s3 cp /tmp/isotrain-readme-model "s3://$A/models/$(head -n 1 train.out)/output/model.tar.gz"',
    ].join('\n'),
  },
];

/** The programs a runnable command may start; anything else must be listed in NOT_RUNNABLE. */
const PROGRAMS = new Set([
  'npx isotrain',
  'aws',
  'cp',
  'mkdir',
  'echo',
  'eval',
  'read',
  'head',
  'tee',
  'cat',
  'sed',
]);

interface Command {
  readonly file: string;
  readonly text: string;
}

/** The shell commands of one Markdown file: fenced `sh` blocks, continuation lines joined, comments dropped. */
export function shellCommands(file: string, markdown: string): Command[] {
  const commands: Command[] = [];
  for (const block of markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```$/gm)) {
    const joined = block[1].replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const text = line.replace(/\s+#(?![^']*'[^']*$).*$/, '').trim();
      if (text && !text.startsWith('#')) commands.push({ file, text });
    }
  }
  return commands;
}

function allCommands(): Command[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join('docs', f));
  return ['README.md', ...docs].flatMap((f) => shellCommands(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
}

/** The programs a command line starts (each part of a pipeline, a `&&` chain, a `$(…)`). */
function programsOf(text: string): string[] {
  const parts = text
    .replace(/<<< /g, ' ')
    .split(/\$\(|&&|\||\)/)
    .map((p) => p.trim().replace(/^(\w+=\S*\s+)+/, ''))
    .filter((p) => p && !p.startsWith('"') && !p.startsWith("'"));
  return parts.map((p) => (p.startsWith('npx ') ? p.split(/\s+/).slice(0, 2).join(' ') : p.split(/\s+/)[0]));
}

describe('every shell command in the README and docs/', () => {
  const commands = allCommands();

  test('is runnable here or listed as not runnable, with a reason', () => {
    const listed = (c: Command) => NOT_RUNNABLE.some((n) => n.command.test(c.text));
    const unknown = commands
      .filter((c) => !listed(c))
      .filter((c) => programsOf(c.text).some((p) => !/^[A-Z_]+=/.test(p) && !PROGRAMS.has(p)))
      .map((c) => `${c.file}: ${c.text}`);
    expect(unknown).toEqual([]);
    // A stale entry would excuse a command that no longer exists.
    expect(
      NOT_RUNNABLE.filter((n) => !commands.some((c) => n.command.test(c.text))).map((n) => n.command.source),
    ).toEqual([]);
    expect(
      CONTAINER_STAND_INS.filter((s) => !commands.some((c) => s.after.test(c.text))).map(
        (s) => s.after.source,
      ),
    ).toEqual([]);
  });

  test('runs, in order, in a fresh copy of the repository: the quickstart end to end against the sandbox', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-readme-'));
    for (const entry of ['bin', 'lib', 'examples', 'package.json', 'tsconfig.json', 'cdk.json'])
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    // projects/ as a fresh clone has it: the schema and the example the quickstart copies (the tests'
    // copy of it: this repository's projects/ may hold other projects, or no example).
    fs.mkdirSync(path.join(dir, 'projects'));
    fs.copyFileSync(
      path.join(ROOT, 'projects', 'project.schema.json'),
      path.join(dir, 'projects', 'project.schema.json'),
    );
    fs.copyFileSync(EXAMPLE_FIXTURE, path.join(dir, 'projects', path.basename(EXAMPLE_FIXTURE)));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const script = ['set -euo pipefail'];
    let docsStarted = false;
    for (const c of commands) {
      if (c.file !== 'README.md' && !docsStarted) {
        // The pages in docs/ continue the README's quickstart (project legal, its specs); the README
        // ended with `sandbox down`, so the sandbox comes up again for them.
        docsStarted = true;
        script.push('eval "$(npx isotrain sandbox up --project legal)"');
      }
      script.push(`echo ${JSON.stringify(`$ ${c.text}`).replace(/\$/g, '\\$').replace(/`/g, '\\`')} >&2`);
      const skip = NOT_RUNNABLE.find((n) => n.command.test(c.text));
      if (skip) {
        if (skip.instead) script.push(skip.instead);
        continue;
      }
      script.push(c.text);
      for (const s of CONTAINER_STAND_INS.filter((x) => x.after.test(c.text))) script.push(s.run);
    }
    // Whatever happened, stop the sandbox the script started.
    script.splice(1, 0, "trap 'npx isotrain sandbox down --project legal >/dev/null 2>&1 || true' EXIT");
    // npx costs about 2 CPU-seconds a call before isotrain starts (npm resolves the package tree), over
    // 80 for the three dozen calls here. Proven once that `npx isotrain` is this checkout's
    // bin/isotrain.cjs, the calls after it start that file directly.
    script.splice(
      1,
      0,
      'test "$(command npx isotrain --version)" = "$(node bin/isotrain.cjs --version)"',
      `npx() { if [ "$1" = isotrain ]; then shift; node ${JSON.stringify(path.join(dir, 'bin', 'isotrain.cjs'))} "$@"; else command npx "$@"; fi; }`,
    );
    // Only what a newcomer's shell would have: no AWS configuration of this machine leaks in.
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      EDITOR: 'true',
      LANG: 'C.UTF-8',
    };
    const res = spawnSync('bash', ['-c', script.join('\n')], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 900_000,
    });
    const tail = (s: string) => s.split('\n').slice(-40).join('\n');
    expect(`exit ${res.status}\n${tail(res.stderr)}\n${tail(res.stdout)}`).toMatch(/^exit 0\n/);
    // The steps' expected output, as the README states it.
    expect(res.stdout).toMatch(/^refused: run legal--contracts-lora-dp-\S+ is not released; nothing tagged/m);
    expect(res.stdout).toMatch(/^ok: run legal--contracts-lora-dp-.*chain intact, retained/m);
    expect(res.stderr).toMatch(/started the sandbox of project legal/);
    expect(res.stderr).toMatch(/IAM: every request is allowed/);
    expect(res.stderr).toMatch(/stopped the sandbox's moto server/);
    expect(fs.existsSync(path.join(dir, '.isotrain'))).toBe(false);
  });
});
