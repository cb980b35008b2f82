/** The run commands' shared start: the project (from --project or the run ID), the account check, the outputs. */
import { GovernanceContext, governanceContext } from '../governance/context';
import { CommandContext } from './context';
import { awsFactory } from './aws';

export function governanceFor(ctx: CommandContext, runId?: string): Promise<GovernanceContext> {
  return governanceContext(
    {
      cwd: ctx.io.cwd,
      projectsDir: ctx.shared.projectsDir,
      project: ctx.shared.project,
      runId,
      outputsFile: ctx.shared.outputsFile,
    },
    awsFactory(ctx),
  );
}
