/* eslint-disable @typescript-eslint/no-require-imports -- see COMMANDS */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { CliDeps, CliIo, CommandContext, SharedOptions, commandContext } from './context';

/** What a command module exports: run it with the parsed arguments and options; returns the exit code. */
export interface CommandModule {
  run(
    ctx: CommandContext,
    args: readonly string[],
    options: Readonly<Record<string, unknown>>,
  ): Promise<number>;
}

/**
 * Each command's implementation is loaded only when it runs, so `--help`, `--version` and the
 * commands that need no CDK never load aws-cdk-lib or cdk-nag. It is `require` inside a function
 * rather than `await import()`: the CLI runs through tsx as CommonJS, where a dynamic import of a
 * .ts module fails, and registering tsx's ESM hooks as well costs about 0.9 s at every start.
 */
const COMMANDS: Record<string, () => CommandModule> = {
  check: () => require('./commands/check') as typeof import('./commands/check'),
  train: () => require('./commands/train') as typeof import('./commands/train'),
  status: () => require('./commands/status') as typeof import('./commands/status'),
  stop: () => require('./commands/stop') as typeof import('./commands/stop'),
  jobs: () => require('./commands/jobs') as typeof import('./commands/jobs'),
  runs: () => require('./commands/runs') as typeof import('./commands/runs'),
  show: () => require('./commands/show') as typeof import('./commands/show'),
  verify: () => require('./commands/verify') as typeof import('./commands/verify'),
  finalize: () => require('./commands/finalize') as typeof import('./commands/finalize'),
  evaluate: () => require('./commands/evaluate') as typeof import('./commands/evaluate'),
  release: () => require('./commands/release') as typeof import('./commands/release'),
  serving: () => require('./commands/serving') as typeof import('./commands/serving'),
  invoke: () => require('./commands/invoke') as typeof import('./commands/invoke'),
  redact: () => require('./commands/redact') as typeof import('./commands/redact'),
  sandbox: () => require('./commands/sandbox') as typeof import('./commands/sandbox'),
  leftovers: () => require('./commands/leftovers') as typeof import('./commands/leftovers'),
};

function pollSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1)
    throw new InvalidArgumentError(`expected a number of at least 1, got "${value}"`);
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

const EXIT_CODES = `Exit codes: 0 ok, 1 findings / job failed / AWS refused, 2 bad input or usage (nothing sent),
130 Ctrl-C while following (the job keeps running).`;

const REGION_RULE = `Region: the project's (its file's \`region\`) whenever the command knows the project, else
AWS_REGION, AWS_DEFAULT_REGION or the profile's. The caller must be in the project's account.`;

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Where the program sends what it parsed: one command, its arguments and options. */
export interface Dispatch {
  /** The command that runs, once commander has parsed its line. */
  command?: string;
  debug?: boolean;
  /** Its exit code, once it has run. */
  code?: number;
}

/**
 * The whole command line of isotrain: every command, its arguments and options, with descriptions
 * and examples. `isotrain help <command>` and `<command> --help` print a command's part.
 */
export function buildProgram(io: CliIo, deps: CliDeps, version: string, dispatch: Dispatch): Command {
  const program = new Command('isotrain')
    .description(
      `Isolated fine-tuning on private data: prove the isolation of every project (check), launch and follow training jobs into it (train, status, stop, jobs), and govern each run (runs, show, verify, finalize, evaluate, release).`,
    )
    .version(version, '--version', 'print the version and exit')
    .helpOption('-h, --help', 'print help for the command')
    .helpCommand('help [command]', 'print help for a command')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showHelpAfterError("(run 'isotrain help <command>' for a command's options)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .addOption(
      new Option('--project <name>', 'the project (projects/<name>.yaml); run commands infer it from RUN'),
    )
    .addOption(
      new Option(
        '--projects-dir <dir>',
        'where project files live (default: $ISOTRAIN_PROJECTS_DIR or projects)',
      ),
    )
    .addOption(
      new Option(
        '--outputs-file <file>',
        "the file 'cdk deploy --outputs-file' wrote (default: read live from the project's SSM parameters)",
      ),
    )
    .addOption(new Option('--json', 'print the result as exactly one JSON document on stdout'))
    .addOption(new Option('--debug', 'show stack traces and SDK details on errors'))
    .addOption(
      new Option('--poll-seconds <n>', 'seconds between status checks while waiting')
        .default(15)
        .argParser(pollSeconds),
    )
    .addHelpText('after', `\n${REGION_RULE}\n${EXIT_CODES}\nSee docs/cli.md.`);

  const define = (name: string, summary: string) => {
    const cmd = program.command(name).summary(summary);
    cmd.action(async (...parsed: unknown[]) => {
      const self = parsed[parsed.length - 1] as Command;
      const all = self.optsWithGlobals();
      const shared: SharedOptions = {
        project: all.project as string | undefined,
        projectsDir: (all.projectsDir as string | undefined) ?? (io.env.ISOTRAIN_PROJECTS_DIR || 'projects'),
        outputsFile: all.outputsFile as string | undefined,
        json: all.json === true,
        debug: all.debug === true,
        pollSeconds: all.pollSeconds as number,
      };
      dispatch.command = name;
      dispatch.debug = shared.debug;
      dispatch.code = await COMMANDS[name]().run(
        commandContext(io, deps, shared, name),
        self.args,
        self.opts(),
      );
    });
    return cmd;
  };

  define('check', 'prove isolation: check this app, or any CloudFormation templates, with every pack')
    .description(
      `Without --template, synthesizes every project of this app (--projects-dir) and checks every stack; with --template, checks CloudFormation templates (JSON or YAML) from any source, together as one app so references between them resolve. Runs cdk-nag's AwsSolutions, HIPAA.Security, NIST.800.53.R5 and PCI.DSS.321 packs, isotrain's Isolation pack, the Control Tower proactive controls (cfn-guard) and cfn-lint when installed. Isolation findings are acknowledged only in the reviewed file (acknowledgments/isolation.yaml for this app; --acknowledgments FILE), never by the template they judge; acknowledgments of the AWS packs in template metadata (cdk_nag.rules_to_suppress) are honoured. Every acknowledgment is listed in the report. --template files are judged against their own account and region: --account/--region, else manifest.json beside them, else inferred from their ARNs (the report says which). --project checks one project; --json is --format json.

Exit 0 no findings, 1 findings, 2 bad usage or an unreadable or invalid template.`,
    )
    .allowExcessArguments()
    .option('--template <file...>', 'templates to check instead of this app (repeat the flag or list files)')
    .option('--format <format>', 'text (grouped by resource with the fix), json, junit or sarif', 'text')
    .option('--out <file>', 'write the report to FILE instead of stdout')
    .option('--no-control-tower', 'skip the Control Tower proactive controls')
    .option('--no-cfn-lint', 'skip cfn-lint')
    .option(
      '--account <id>',
      'with --template: the account the templates deploy to (default: manifest.json, else inferred)',
    )
    .option(
      '--region <region>',
      'with --template: the region the templates deploy to (default: as the account)',
    )
    .option(
      '--acknowledgments <file>',
      'the reviewed Isolation acknowledgments (default: acknowledgments/isolation.yaml for this app, none for --template)',
    )
    .addHelpText(
      'after',
      examples(
        'isotrain check',
        'isotrain check --project legal --format sarif --out reports/legal.sarif',
        'isotrain check --template cdk.out/legal-Data.template.json other.yaml',
        'isotrain check --template template.yaml --account 111122223333 --region eu-west-1',
      ),
    );

  define('train', 'launch an isolated fine-tuning job from a job spec')
    .description(
      `Builds a SageMaker CreateTrainingJob request from a job spec and the project's deployed outputs, and sends it. Every job is network-isolated, encrypts inter-container traffic, runs in the project's subnets and security group, encrypts volumes and outputs with the project's keys, checkpoints under the artifact bucket and carries the project, data classification and caller as tags. The run record is written before the job starts; with --wait, the run is finalized (wiped) when the job ends. Needs --project.

Exit 0 launched (or completed, with --wait), 1 refused by AWS or job failed/stopped, 2 bad input (nothing sent), 130 stopped following on Ctrl-C (the job keeps running).`,
    )
    .requiredOption('--spec <file>', 'the job spec (see examples/lora-dp.yaml)')
    .option(
      '--dry-run',
      'print the exact request as JSON on stdout; with --outputs-file call nothing, else only ssm:GetParameters',
    )
    .option('--wait', 'follow the job to its end; exit 1 if it fails or is stopped')
    .addHelpText(
      'after',
      examples(
        'isotrain train --project example --spec examples/lora-dp.yaml --outputs-file outputs.json --dry-run',
        'isotrain train --project example --spec examples/lora-dp.yaml --wait --poll-seconds 30',
      ),
    );

  define('status', 'show a training job: status, transitions, times, spot savings')
    .description(
      `Shows a training job: status and secondary status, failure reason, elapsed, training and billable time, spot savings, where the model and checkpoints went, and the status transitions so far. The project is --project, else the one the job's name starts with.

Exit 0 shown, 1 AWS refused, 2 no such job.`,
    )
    .argument('<job>', 'the training job name (what train printed)')
    .addHelpText(
      'after',
      examples('isotrain status example--contracts-lora-dp-20261129013405-45c1a2b3 --json'),
    );

  define('stop', 'stop a training job')
    .description(
      `Asks SageMaker to stop a training job (it saves the model and checkpoints written so far).

Exit 0 stop requested (or stopped, with --wait), 1 AWS refused or the job had already ended, 2 no such job, 130 Ctrl-C while following.`,
    )
    .argument('<job>', 'the training job name')
    .option('--wait', 'follow the job until it has stopped')
    .addHelpText(
      'after',
      examples('isotrain stop example--contracts-lora-dp-20261129013405-45c1a2b3 --wait'),
    );

  define('jobs', "list a project's training jobs, newest first")
    .description(
      `Lists the project's training jobs (named <project>-...), newest first, in the project's region. Needs --project. With --json, one array.

Exit 0 listed, 1 AWS refused, 2 bad input.`,
    )
    .addOption(
      new Option('--status <status>', 'only jobs in this status').choices([
        'InProgress',
        'Completed',
        'Failed',
        'Stopping',
        'Stopped',
      ]),
    )
    .addOption(new Option('--max <n>', 'at most N jobs').default(50).argParser(positiveInteger))
    .addHelpText('after', examples('isotrain jobs --project example --status InProgress'));

  define('runs', "list a project's runs and where each stands")
    .description(
      `Lists the project's runs from their records in the audit bucket: start, caller, job status, wipe, evaluation and release decision. Needs --project. With --json, one array.`,
    )
    .addHelpText('after', examples('isotrain runs --project example --json'));

  define('show', "print a run's record")
    .description(
      `Prints a run's record: who started it, image, instances, hyperparameters, the dataset manifest, job status, wipe, evaluation and release, and every step with its hash link. With --json, the record exactly as stored.`,
    )
    .argument('<run>', 'the run ID (the training job name)')
    .addHelpText('after', examples('isotrain show example--contracts-lora-dp-20261129013405-45c1a2b3'));

  define('verify', "check a run record's hash chain, Object Lock retention, and its steps against AWS")
    .description(
      `Checks a run's record: every version extends the one before by one step without changing history, every step carries the SHA-256 of the step before, no version was deleted or hidden, and every version is under Object Lock retention in the project's mode. Then each step against AWS: its time against when S3 stored it, the started step and job steps against DescribeTrainingJob, evaluation steps against DescribeProcessingJob (the pinned image, this run's model).

Exit 0 intact, 1 on any break.`,
    )
    .argument('<run>', 'the run ID')
    .addHelpText('after', examples('isotrain verify example--contracts-lora-dp-20261129013405-45c1a2b3'));

  define('finalize', "record a run's end, wipe its private data and checkpoints, tag its model unreleased")
    .description(
      `Ends a run whose job has ended: records the final job status, then wipes as the project's wipeAfterTraining says — immediate: deletes every version of the run's private data (the channels it recorded as wiped: by default datasets/ and redacted/, never base models or code) and of its checkpoints; tag: tags them isotrain:wipe=true so the lifecycle rule removes them within a day; off: records that nothing was wiped. Objects another active run uses are kept. Then tags the model versions the job wrote isotrain:artifact=unreleased (they expire unless released). A partial wipe exits 1 and is recorded; run finalize again to resume.`,
    )
    .argument('<run>', 'the run ID')
    .addHelpText('after', examples('isotrain finalize example--contracts-lora-dp-20261129013405-45c1a2b3'));

  define('evaluate', "run a privacy evaluation of a run's model (SageMaker Processing, isolated)")
    .description(
      `Runs the project's privacy evaluation of a run's model as a SageMaker Processing job under the training guardrails (network isolation, the project's VPC and keys). The image reads the model at /opt/ml/processing/input/model and each spec input at /opt/ml/processing/input/<name>, and writes /opt/ml/processing/output/results.json. The run record gets the job and, with --wait, its final status. Then: isotrain release RUN.`,
    )
    .argument('<run>', 'the run ID')
    .requiredOption('--spec <file>', 'the evaluation spec (see examples/eval.yaml)')
    .option(
      '--dry-run',
      'print the CreateProcessingJob request on stdout; write and create nothing (it reads the record)',
    )
    .option('--wait', 'follow the job to its end; exit 1 if it fails or stops')
    .addHelpText(
      'after',
      examples(
        'isotrain evaluate example--contracts-lora-dp-20261129013405-45c1a2b3 --spec examples/eval.yaml --wait',
      ),
    );

  define('release', "release a run's model if its privacy results pass the project thresholds")
    .description(
      `The privacy gate, on AWS ground truth: the model is the version the run's training job wrote (DescribeTrainingJob); the evaluation is a processing job that completed on the project's pinned evaluation.image with exactly that model as input (DescribeProcessingJob); its results.json is the one version that job wrote. Then the results are compared with the project's privacy thresholds; only if every one passes is that model version tagged isotrain:release=approved (replacing isotrain:artifact=unreleased), which lets the project's deployment role read it from outside the project network. The decision is recorded either way, without free-form text.

Exit 0 approved, 1 refused (nothing tagged). Run it as the project's release role.`,
    )
    .argument('<run>', 'the run ID')
    .addHelpText('after', examples('isotrain release example--contracts-lora-dp-20261129013405-45c1a2b3'));

  define('serving', "stop or start an endpoint: remove or restore its consumers' invoke permission")
    .description(
      `Stops (or starts) one of the project's endpoints (serving.endpoints) without a deploy: puts (or deletes) an inline Deny on the endpoint's invoker role, which IAM applies to every session of it within seconds, then records the action in the run record of the run the endpoint serves. The endpoint keeps running and billing; remove it from the project file and deploy to delete it. The project is --project, else the one the endpoint's SageMaker name (<project>--<endpoint>) starts with. See docs/serving.md.

Exit 0 done and recorded, 1 AWS refused (or the record could not be written: the permission change stands), 2 bad input.`,
    )
    .argument('<action>', 'stop or start')
    .argument('<endpoint>', 'the endpoint: its name in the project file, or its SageMaker name')
    .option('--reason <text>', 'why, recorded in the run record')
    .addHelpText(
      'after',
      examples(
        "isotrain serving stop contracts-chat --project example --reason 'extraction attempt, alarm 2026-11-30'",
        'isotrain serving start example--contracts-chat',
      ),
    );

  define('invoke', "send one request to an endpoint with the caller's credentials (smoke test)")
    .description(
      `Sends the body of FILE to one of the project's endpoints, signed (SigV4) with the caller's credentials: a consumer of the endpoint assumes its invoker role first, as its applications do; anyone else is refused before anything is sent. Prints the response body on stdout.

Exit 0 answered, 1 refused (not a consumer, stopped, or AWS refused), 2 bad input.`,
    )
    .argument('<endpoint>', 'the endpoint: its name in the project file, or its SageMaker name')
    .requiredOption('--body <file>', 'the request body')
    .option('--content-type <type>', 'the body content type', 'application/json')
    .addHelpText(
      'after',
      examples('isotrain invoke contracts-chat --project example --body examples/prompt.json'),
    );

  define('redact', 'replace personal data and secrets in a dataset, locally or inside the project')
    .description(
      `With --local IN OUT: redacts a JSON Lines, CSV or text file on this machine (nothing is sent anywhere), writes OUT and a report of counts per entity type and per field (OUT.report.json, never a value). With --project, --input and --output: runs the project's redactor image (redaction.image) as a SageMaker Processing job under the training guardrails (network isolation, the project's subnets, security group, keys and instance types, the redaction role), reading raw uploads under datasets/ and writing redacted/<...>/<job>/data/ and report.json; it prints the prefix training specs read. See docs/redaction.md.

Exit 0 redacted (or job started), 1 AWS refused, 2 bad input (a file, field or value named; nothing written or sent).`,
    )
    .option('--local <files...>', 'IN OUT: redact the file IN into OUT on this machine')
    .option('--input <prefix>', 'with --project: the raw upload prefix, datasets/...')
    .option('--output <prefix>', 'with --project: where redacted data goes, redacted/...')
    .option('--pseudonyms', 'consistent [TYPE_n] pseudonyms instead of [TYPE] placeholders')
    .option('--types <list>', 'comma-separated entity types to redact (default: all)')
    .option('--format <format>', 'auto (by extension, the default), jsonl, csv or text')
    .option('--report <file>', 'with --local: where the report goes (default: OUT.report.json)')
    .option('--instance-type <type>', 'with --project: one of training.instanceTypes (default: the first)')
    .option(
      '--dry-run',
      'with --project: print the CreateProcessingJob request and call nothing (needs --outputs-file)',
    )
    .addHelpText(
      'after',
      examples(
        'isotrain redact --local chats.jsonl chats.redacted.jsonl --pseudonyms',
        'isotrain redact --project example --input datasets/contracts/ --output redacted/contracts/ --outputs-file outputs.json --dry-run',
      ),
    );

  define('sandbox', 'a local stand-in for a deployed project on moto: try every command with no AWS account')
    .description(
      `up: starts a moto server on 127.0.0.1 (or uses --endpoint), creates the project's buckets with the deployed versioning and Object Lock settings, its SSM parameters /isotrain/<project>/* and an outputs file (.isotrain/sandbox/<project>-outputs.json), and prints the environment that points the CLI at it (eval "$(npx isotrain sandbox up --project P)"). It says what the stand-in does not enforce: IAM, bucket policies, network, KMS, containers. env: prints that environment again. down: stops the server it started and removes its files. Needs --project and moto_server (pip install "moto[server]").

Exit 0 done, 2 bad input (no such project, moto_server missing, another account's server).`,
    )
    .addArgument(new Argument('<action>', 'what to do').choices(['up', 'down', 'env']))
    .option('--port <n>', 'up: the port of the moto server to start (default: a free port)', positiveInteger)
    .option('--endpoint <url>', 'up: use this running moto server instead of starting one')
    .addHelpText(
      'after',
      examples(
        'eval "$(npx isotrain sandbox up --project legal)"',
        'npx isotrain train --project legal --spec examples/lora-dp.yaml --wait',
        'npx isotrain sandbox down --project legal',
      ),
    );

  define('leftovers', 'list what a project leaves behind: retained buckets, log groups, keys, and their cost')
    .description(
      `Finds the project's retained resources in its account and region by their isotrain:project tag — buckets (every version's bytes, and the Object Lock that holds them and until when), log groups and KMS keys — with each one's monthly cost at list prices. Run it before and after 'cdk destroy' (docs/teardown.md). Needs --project.

Exit 0 listed, 1 AWS refused, 2 bad input or another account.`,
    )
    .addHelpText(
      'after',
      examples('isotrain leftovers --project legal', 'isotrain leftovers --project legal --json'),
    );

  return program;
}
