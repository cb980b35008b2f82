import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../contract';
import { readCdkContext } from '../../config/cdk-json';
import { ConfigError, loadProjects } from '../../config';
import { CheckReport } from '../../checks/findings';
import { FORMATS, Format, render } from '../../checks/reporters';
import { checkProjects } from '../../checked-app';
import { checkTemplates } from '../../checks/run';
import { TemplateError } from '../../checks/template-loader';
import { progressPrinter } from '../../checks/engine/progress';
import { CommandContext, EXIT, UsageError } from '../context';

interface CheckOptions {
  readonly template?: string[];
  readonly format: string;
  readonly out?: string;
  readonly controlTower: boolean;
  readonly cfnLint: boolean;
  readonly account?: string;
  readonly region?: string;
  readonly acknowledgments?: string;
}

function loadContext(cwd: string): Record<string, unknown> {
  const file = path.join(cwd, 'cdk.json');
  try {
    return readCdkContext(cwd);
  } catch (e) {
    throw new InputError(
      `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}): run 'isotrain check' from the ` +
        'repository root, or pass --template to check templates',
    );
  }
}

function formatOf(ctx: CommandContext, given: string, explicit: boolean): Format {
  if (ctx.shared.json && explicit && given !== 'json')
    throw new UsageError(`--json prints the json format; it contradicts --format ${given}`);
  const format = ctx.shared.json ? 'json' : given;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  return format as Format;
}

/** The checks are synchronous (CDK synthesis and the validators are). */
function check(ctx: CommandContext, unexpected: readonly string[], options: CheckOptions): number {
  if (unexpected.length > 0)
    throw new UsageError(
      `unexpected argument '${unexpected[0]}' (did you mean --template ${unexpected[0]}?)`,
    );
  const format = formatOf(ctx, options.format, options.format !== 'text');
  const cwd = ctx.io.cwd;
  if (options.account !== undefined && !/^\d{12}$/.test(options.account))
    throw new UsageError(`--account: expected a 12-digit AWS account ID, got "${options.account}"`);
  if (options.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region))
    throw new UsageError(`--region: expected an AWS region such as eu-west-1, got "${options.region}"`);
  if ((options.account || options.region) && !options.template?.length)
    throw new UsageError(
      '--account and --region judge --template files; this app knows its own from the project files',
    );
  const progress = progressPrinter(ctx.io.stderr);
  const checks = {
    controlTower: options.controlTower,
    cfnLint: options.cfnLint,
    onProgress: progress.onProgress,
    ...(options.acknowledgments ? { acknowledgments: path.resolve(cwd, options.acknowledgments) } : {}),
  };

  let report: CheckReport;
  if (options.template && options.template.length > 0) {
    try {
      report = checkTemplates(
        options.template.map((t) => path.resolve(cwd, t)),
        { ...checks, account: options.account, region: options.region },
      );
    } catch (e) {
      if (e instanceof TemplateError) throw new InputError(e.message);
      throw e;
    }
  } else {
    const dir = path.resolve(cwd, ctx.shared.projectsDir);
    let projects;
    try {
      projects = loadProjects(dir);
    } catch (e) {
      if (e instanceof ConfigError) throw new InputError(`the project files have problems:\n${e.message}`);
      throw e;
    }
    if (ctx.shared.project) {
      const names = projects.map((p) => p.config.name);
      projects = projects.filter((p) => p.config.name === ctx.shared.project);
      if (projects.length === 0)
        throw new InputError(
          `--project: expected one of the projects in ${dir} (${names.join(', ')}), got "${ctx.shared.project}"`,
        );
    }
    report = checkProjects(projects, loadContext(cwd), checks);
  }

  progress.done();
  const output = render(report, format, cwd);
  if (options.out) {
    const out = path.resolve(cwd, options.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, output);
    ctx.say(
      `isotrain check: ${report.findings.length === 0 ? 'no findings' : `${report.findings.length} finding(s)`}; ${format} report written to ${options.out}`,
    );
  } else {
    ctx.io.stdout.write(output);
  }
  if (format !== 'text') for (const note of report.notes) ctx.say(`note: ${note}`);
  return report.findings.length === 0 ? EXIT.OK : EXIT.FAILED;
}

export function run(
  ctx: CommandContext,
  args: readonly string[],
  options: Readonly<Record<string, unknown>>,
) {
  return new Promise<number>((resolve) => resolve(check(ctx, args, options as unknown as CheckOptions)));
}
