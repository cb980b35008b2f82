import { InputError } from '../../contract';
import { exportLines, sandboxDown, sandboxState, sandboxUp } from '../../sandbox';
import { CommandContext, EXIT, UsageError } from '../context';
import { requireProject } from '../shared';

async function up(ctx: CommandContext, options: Readonly<Record<string, unknown>>) {
  const project = requireProject(ctx);
  const result = await sandboxUp({
    cwd: ctx.io.cwd,
    projectsDir: ctx.shared.projectsDir,
    project,
    env: ctx.io.env,
    endpoint: options.endpoint as string | undefined,
    port: options.port as number | undefined,
  });
  const { state, plan } = result;
  if (ctx.shared.json) {
    ctx.json({ ...state, buckets: plan.buckets, outputs: plan.outputs, notEnforced: result.notEnforced });
    return EXIT.OK;
  }
  ctx.say(
    `${result.reused ? 'reusing' : 'started'} the sandbox of project ${project} (${result.file}) on ${state.endpoint}, account ${state.account}, ${state.region}`,
  );
  for (const b of plan.buckets) {
    const lock = b.objectLock ? `, Object Lock ${b.objectLock.mode} ${b.objectLock.days} days` : '';
    ctx.say(`  bucket ${b.name} (${b.output}: versioned${lock})`);
  }
  ctx.say(`  SSM parameters /isotrain/${project}/*, outputs file ${state.outputsFile}`);
  ctx.say('The sandbox is a stand-in on moto; it does NOT enforce:');
  for (const line of result.notEnforced) ctx.say(`  - ${line}`);
  ctx.say(`Point your shell at it: eval "$(npx isotrain sandbox env --project ${project})"`);
  ctx.say(`Tear it down: npx isotrain sandbox down --project ${project}`);
  ctx.out(exportLines(state));
  return EXIT.OK;
}

async function down(ctx: CommandContext) {
  const project = requireProject(ctx);
  const result = await sandboxDown({ cwd: ctx.io.cwd, project });
  if (ctx.shared.json) {
    ctx.json(result);
    return EXIT.OK;
  }
  if (!result.state) {
    ctx.say(`no sandbox of project ${project} is up here; nothing to tear down`);
    return EXIT.OK;
  }
  ctx.say(
    result.state.pid === undefined
      ? `left the moto server at ${result.state.endpoint} running (the sandbox did not start it)`
      : result.stopped
        ? `stopped the sandbox's moto server on ${result.state.endpoint}; everything it held is gone`
        : `the sandbox's moto server on ${result.state.endpoint} was not running`,
  );
  for (const f of result.removed) ctx.say(`removed ${f}`);
  ctx.say('unset AWS_ENDPOINT_URL and the sandbox credentials in your shell (or open a new one)');
  return EXIT.OK;
}

function env(ctx: CommandContext) {
  const project = requireProject(ctx);
  const state = sandboxState(ctx.io.cwd, project);
  if (!state) {
    throw new InputError(
      `--project: no sandbox of project ${project} is up in ${ctx.io.cwd}; start one with: npx isotrain sandbox up --project ${project}`,
    );
  }
  if (ctx.shared.json) ctx.json(state);
  else ctx.out(exportLines(state));
  return EXIT.OK;
}

export async function run(
  ctx: CommandContext,
  args: readonly string[],
  options: Readonly<Record<string, unknown>>,
): Promise<number> {
  switch (args[0]) {
    case 'up':
      return up(ctx, options);
    case 'down':
      return down(ctx);
    case 'env':
      return env(ctx);
    default:
      throw new UsageError(`sandbox: expected up, down or env, got "${args[0]}"`);
  }
}
