import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCdkContext } from '../config/cdk-json';
import { ConfigError, loadProjects } from '../config';
import { CheckReport } from '../checks/findings';
import { FORMATS, Format, render } from '../checks/reporters';
import { checkProjects } from '../checked-app';
import { checkTemplates } from '../checks/run';
import { TemplateError } from '../checks/template-loader';
import { CliIo, Command, EXIT, UsageError } from './command';
import { InputError } from '../contract';
import { parseOptions } from './main';

const USAGE = `usage: isotrain check [--template FILE...] [--format text|json|junit|sarif] [--out FILE]
                      [--no-control-tower] [--no-cfn-lint]

Proves isolation. Without --template, synthesizes every project of this app (projects/, or
$ISOTRAIN_PROJECTS_DIR) and checks every stack; with --template, checks CloudFormation templates
(JSON or YAML) from any source, together as one app so references between them resolve.

Every check runs: cdk-nag's AwsSolutions, HIPAA.Security, NIST.800.53.R5 and PCI.DSS.321 packs,
isotrain's Isolation pack, the Control Tower proactive controls (cfn-guard) and cfn-lint when it
is installed. Acknowledgments written in template metadata (cdk_nag.rules_to_suppress) are honoured.

options:
  --template FILE...    templates to check instead of this app (repeat the flag or list files)
  --format FORMAT       text (default; grouped by resource with the fix), json, junit, sarif
  --out FILE            write the report to FILE instead of stdout
  --no-control-tower    skip the Control Tower proactive controls
  --no-cfn-lint         skip cfn-lint

exit status: 0 no findings, 1 findings, 2 bad usage or an unreadable or invalid template.
`;

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

export const checkCommand: Command = {
  name: 'check',
  summary: 'Prove isolation: check this app or any CloudFormation templates with every pack',
  usage: USAGE,
  // The checks are synchronous (CDK synthesis and the validators are); errors reach main() as rejections.
  run: (args: string[], io: CliIo): Promise<number> => new Promise((resolve) => resolve(runCheck(args, io))),
};

function runCheck(args: string[], io: CliIo): number {
  const { values, positionals } = parseOptions(
    args,
    {
      template: { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      'no-control-tower': { type: 'boolean', default: false },
      'no-cfn-lint': { type: 'boolean', default: false },
    },
    true,
  );
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  }
  const templates = [...(values.template ?? []), ...positionals];
  if (positionals.length > 0 && !values.template) {
    throw new UsageError(
      `unexpected argument '${positionals[0]}' (did you mean --template ${positionals[0]}?)`,
    );
  }
  const options = {
    controlTower: !values['no-control-tower'],
    cfnLint: !values['no-cfn-lint'],
  };

  let report: CheckReport;
  if (templates.length > 0) {
    try {
      report = checkTemplates(
        templates.map((t) => path.resolve(io.cwd, t)),
        options,
      );
    } catch (e) {
      if (e instanceof TemplateError) throw new InputError(e.message);
      throw e;
    }
  } else {
    const dir = path.resolve(io.cwd, io.env.ISOTRAIN_PROJECTS_DIR ?? 'projects');
    let projects;
    try {
      projects = loadProjects(dir);
    } catch (e) {
      if (e instanceof ConfigError) throw new InputError(`the project files have problems:\n${e.message}`);
      throw e;
    }
    report = checkProjects(projects, loadContext(io.cwd), options);
  }

  const output = render(report, format as Format, io.cwd);
  if (values.out) {
    const out = path.resolve(io.cwd, values.out);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, output);
    io.stderr.write(
      `isotrain check: ${report.findings.length === 0 ? 'no findings' : `${report.findings.length} finding(s)`}; ${format} report written to ${values.out}\n`,
    );
  } else {
    io.stdout.write(output);
  }
  if (format !== 'text') for (const note of report.notes) io.stderr.write(`note: ${note}\n`);
  return report.findings.length === 0 ? EXIT.OK : EXIT.FAILED;
}
