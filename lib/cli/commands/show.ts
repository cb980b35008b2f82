import { RunRecord, TextDigest, lastStep, objectName, summarize } from '../../governance/record';
import { readRecord } from '../../governance/store';
import { CommandContext, EXIT } from '../context';
import { governanceFor } from '../governance';

/** Free-form text is recorded as a digest (see TextDigest): people see that, never the text. */
const digestLine = (d: TextDigest) => `sha256 ${d.sha256}, ${d.bytes} bytes`;

/** The record as people read it. */
function describe(record: RunRecord): string {
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
  const artifacts = lastStep(record, 'artifacts')?.data;
  out.push(
    `job:          ${s.jobStatus}${job?.jobArn ? ` ${job.jobArn}` : ''}${job?.failureReason ? ` (failure reason: ${digestLine(job.failureReason)})` : ''}`,
    ...(job?.modelArtifacts ? [`model:        ${job.modelArtifacts}`] : []),
    `wipe:         ${s.wipe}${wipe ? ` at ${wipe.at}` : ''}`,
    ...(wipe?.data.wiped ?? []).map((w) => `  wiped ${objectName(w)} (${w.versions.length} version(s))`),
    ...(wipe?.data.kept ?? []).map((k) => `  kept ${objectName(k)}: used by ${k.usedBy.join(', ')}`),
    ...(wipe?.data.errors ?? []).map((e) => `  failed ${objectName(e)}: ${e.error}`),
    ...(artifacts?.unreleased ?? []).map(
      (a) => `  unreleased s3://${a.bucket}/${a.key} version ${a.versionId}`,
    ),
    `evaluation:   ${s.evaluation}${evaluation ? ` ${evaluation.processingJobName} -> ${evaluation.resultsUri}` : ''}`,
    `release:      ${s.release}`,
    ...(release?.results ? [`  results ${JSON.stringify(release.results)}`] : []),
    ...(release?.reasons ?? []).map((r) => `  ${r}`),
    ...(release?.tagged ?? []).map((t) => `  tagged s3://${t.bucket}/${t.key} version ${t.versionId}`),
    `steps:`,
    ...record.steps.map((st) => `  ${st.seq} ${st.at} ${st.type} by ${st.by} prev ${st.prev ?? '-'}`),
    `head:         ${record.head}`,
  );
  return out.join('\n');
}

export async function run(ctx: CommandContext, [runId]: readonly string[]) {
  const gov = await governanceFor(ctx, runId);
  const { record } = await readRecord(gov.store, runId);
  if (ctx.shared.json) ctx.json(record);
  else ctx.out(describe(record));
  return EXIT.OK;
}
