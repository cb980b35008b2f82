import { describeValue, type ConfigProblem } from '../../config/load';
import type { ProjectConfig } from '../../config/schema';
import { REDACTED_PREFIX, redactionJobPrefix } from '../../contract';
import type { JobSpec } from '../spec';
import { redactionJobPattern } from './request';

/** Channels that carry the data itself; the others (code, base model) are published, not uploaded. */
export const PRIVATE_DATA_CHANNELS: ReadonlySet<string> = new Set(['training', 'validation', 'test']);

/** What the run record keeps of the redaction behind one channel: the job and its report's counts. */
export interface RedactedChannel {
  readonly channel: string;
  readonly redactionJob: string;
  readonly redactionJobArn?: string;
  readonly report: string;
  /** The report's counts per entity type (never a value). */
  readonly entities: Record<string, number>;
  readonly records: number;
}

/** `redacted/.../<job>/data/...` → where the job wrote (`redacted/.../<job>/`) and the job; else undefined. */
export function redactionOf(
  source: string,
  project: string,
): { readonly prefix: string; readonly job: string } | undefined {
  const key = source.startsWith('s3://')
    ? source.slice('s3://'.length).split('/').slice(1).join('/')
    : source;
  if (!key.startsWith(REDACTED_PREFIX) || key.includes('..')) return undefined;
  const parts = key.split('/');
  const pattern = redactionJobPattern(project);
  for (let i = 1; i < parts.length - 1; i++) {
    if (pattern.test(parts[i]) && parts[i + 1] === 'data')
      return { prefix: `${parts.slice(0, i + 1).join('/')}/`, job: parts[i] };
  }
  return undefined;
}

/**
 * With training.requireRedaction: each private data channel must read what a redaction job wrote
 * (`redacted/<...>/<project>--redact-<time>-<hash>/data/`). Pure, so a spec reading raw uploads is refused
 * before any call; `verifyRedactedChannels` (./verify.ts) then checks the job was really a completed redaction.
 */
export function redactionGateProblems(
  spec: JobSpec,
  specFile: string,
  project: ProjectConfig,
  projectFile: string,
): ConfigProblem[] {
  if (!project.training.requireRedaction) return [];
  const problems: ConfigProblem[] = [];
  for (const [name, channel] of Object.entries(spec.channels)) {
    if (!PRIVATE_DATA_CHANNELS.has(name)) continue;
    if (redactionOf(channel.source, project.name)) continue;
    problems.push({
      file: specFile,
      field: `channels.${name}.source`,
      message: `expected the output of a redaction job of this project (${REDACTED_PREFIX}<...>/${redactionJobPrefix(project.name)}<time>-<hash>/data/, what isotrain redact --project prints): ${projectFile} training.requireRedaction is on, and the training role cannot read raw uploads; got ${describeValue(channel.source)}`,
    });
  }
  return problems;
}
