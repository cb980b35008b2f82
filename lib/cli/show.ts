import { lastStep, readRecord, summarize } from '../governance';
import { CliIo, Command, EXIT } from './command';
import { RUN_OPTIONS_USAGE, runCommandContext, withRun } from './runs';

const usage = `usage: isotrain show RUN [--project NAME] [--outputs-file FILE] [--json]

Prints a run's record: who started it, image, instances, hyperparameters, the dataset manifest,
job status, wipe, evaluation and release, and every step with its hash link.

${RUN_OPTIONS_USAGE}
  --json                the record exactly as stored`;

export const showCommand: Command = {
  name: 'show',
  summary: "print a run's record",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { runId, ctx, values } = await runCommandContext(args, io, { json: { type: 'boolean' } });
    const { record } = await withRun(() => readRecord(ctx.store, runId));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      return EXIT.OK;
    }
    const s = summarize(record);
    const started = lastStep(record, 'started')?.data;
    const out: string[] = [
      `run:          ${s.runId}`,
      `project:      ${s.project}`,
      `started:      ${s.startedAt} by ${s.startedBy}`,
    ];
    if (started) {
      out.push(
        `image:        ${started.image.uri}${started.image.digest ? ` (${started.image.digest})` : ''}`,
        `instances:    ${started.instance.count} x ${started.instance.type}`,
        `output:       ${started.output.s3Uri}`,
        `checkpoints:  ${started.checkpoints?.s3Uri ?? 'none'}`,
        `hyperparameters:`,
        ...Object.entries(started.hyperparameters).map(([k, v]) => `  ${k} = ${v}`),
        `manifest:     ${started.manifest.length} object(s), ${started.manifest.reduce((n, m) => n + m.size, 0)} bytes`,
        ...started.manifest.map(
          (m) =>
            `  [${m.channel}] s3://${m.bucket}/${m.key} version ${m.versionId} size ${m.size} etag ${m.etag}`,
        ),
      );
    }
    const job = lastStep(record, 'job')?.data;
    const wipe = lastStep(record, 'wipe');
    const evaluation = lastStep(record, 'evaluation')?.data;
    const release = lastStep(record, 'release')?.data;
    out.push(
      `job:          ${s.jobStatus}${job?.jobArn ? ` ${job.jobArn}` : ''}${job?.failureReason ? ` (${job.failureReason})` : ''}`,
      ...(job?.modelArtifacts ? [`model:        ${job.modelArtifacts}`] : []),
      `wipe:         ${s.wipe}${wipe ? ` at ${wipe.at}` : ''}`,
      ...(wipe?.data.wiped ?? []).map(
        (w) => `  wiped s3://${w.bucket}/${w.key} (${w.versions.length} version(s))`,
      ),
      ...(wipe?.data.kept ?? []).map(
        (k) => `  kept s3://${k.bucket}/${k.key}: used by ${k.usedBy.join(', ')}`,
      ),
      ...(wipe?.data.errors ?? []).map((e) => `  failed s3://${e.bucket}/${e.key}: ${e.error}`),
      `evaluation:   ${s.evaluation}${evaluation ? ` ${evaluation.processingJobName} -> ${evaluation.resultsUri}` : ''}`,
      `release:      ${s.release}`,
      ...(release?.results ? [`  results ${JSON.stringify(release.results)}`] : []),
      ...(release?.reasons ?? []).map((r) => `  ${r}`),
      ...(release?.tagged ?? []).map((t) => `  tagged s3://${t.bucket}/${t.key} version ${t.versionId}`),
      `steps:`,
      ...record.steps.map((st) => `  ${st.seq} ${st.at} ${st.type} by ${st.by} prev ${st.prev ?? '-'}`),
      `head:         ${record.head}`,
    );
    io.stdout.write(`${out.join('\n')}\n`);
    return EXIT.OK;
  },
};
