import { RECORD_FORMAT, RunRecord, canonicalJson, stepHash } from './record';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { ProjectConfig } from '../config';
import { GroundTruthOutputs } from './ground-truth';
import { RecordStore, StoredVersion, readAllVersions } from './store';
import { verifyAgainstAws } from './verify-aws';

export interface VerifyResult {
  readonly ok: boolean;
  readonly runId: string;
  readonly versions: number;
  readonly head: string | null;
  /** One line per break found, naming the version it was found in. */
  readonly problems: string[];
  /** Checks against AWS that AWS refused to answer (see verify-aws.ts). */
  readonly unchecked?: string[];
}

export interface VerifyOptions {
  /** The project every version must name. */
  readonly project?: string;
  /** Object Lock mode every version must carry (the project's `audit.objectLockMode`). */
  readonly lockMode?: 'COMPLIANCE' | 'GOVERNANCE';
  readonly now?: Date;
}

/**
 * Checks a run's record end to end: every version parses, extends the previous version by exactly
 * one step and leaves the earlier steps untouched, every step carries the hash of the one before,
 * the head hash matches, no delete marker hides the record, and every version is under Object Lock
 * retention (in the expected mode) that has not run out.
 */
export function verifyVersions(
  runId: string,
  versions: readonly StoredVersion[],
  deleteMarkers: readonly string[],
  options: VerifyOptions = {},
): VerifyResult {
  const now = options.now ?? new Date();
  const problems: string[] = [];
  for (const m of deleteMarkers) problems.push(`delete marker ${m} hides the record`);
  let previous: RunRecord | null = null;
  versions.forEach((v, i) => {
    const at = `version ${i + 1} (${v.versionId})`;
    if (!v.lockMode) problems.push(`${at}: no Object Lock retention`);
    else if (options.lockMode && v.lockMode !== options.lockMode)
      problems.push(`${at}: Object Lock mode ${v.lockMode}, expected ${options.lockMode}`);
    if (v.lockMode && (!v.lockUntil || v.lockUntil.getTime() <= now.getTime()))
      problems.push(`${at}: Object Lock retention ended ${v.lockUntil?.toISOString() ?? '(no date)'}`);

    let record: RunRecord;
    try {
      record = JSON.parse(v.body) as RunRecord;
    } catch {
      problems.push(`${at}: not valid JSON`);
      previous = null;
      return;
    }
    const format: string = record.format;
    if (format !== RECORD_FORMAT)
      problems.push(`${at}: format ${JSON.stringify(format)}, expected ${RECORD_FORMAT}`);
    if (options.project && record.project !== options.project)
      problems.push(`${at}: project ${JSON.stringify(record.project)}, expected "${options.project}"`);
    if (record.runId !== runId)
      problems.push(`${at}: runId ${JSON.stringify(record.runId)}, expected "${runId}"`);
    const steps = Array.isArray(record.steps) ? record.steps : [];
    if (steps.length !== i + 1)
      problems.push(`${at}: ${steps.length} step(s), expected ${i + 1} (one per version)`);
    steps.forEach((step, j) => {
      if (step.seq !== j) problems.push(`${at}: step ${j} has seq ${JSON.stringify(step.seq)}`);
      const expected = j === 0 ? null : stepHash(steps[j - 1]);
      if (step.prev !== expected)
        problems.push(
          `${at}: step ${j} (${step.type}) carries prev ${step.prev}, but the previous step hashes to ${expected}`,
        );
    });
    const last = steps[steps.length - 1];
    if (last && record.head !== stepHash(last))
      problems.push(`${at}: head ${record.head} does not match the last step`);
    if (previous) {
      const before = previous.steps;
      if (record.project !== previous.project)
        problems.push(`${at}: project changed from "${previous.project}"`);
      before.forEach((step, j) => {
        if (!steps[j] || canonicalJson(steps[j]) !== canonicalJson(step))
          problems.push(`${at}: step ${j} (${step.type}) differs from the one recorded in version ${i}`);
      });
    }
    previous = record;
  });
  if (versions.length === 0) problems.push('no version of the record remains');
  const latest = previous as RunRecord | null;
  return {
    ok: problems.length === 0,
    runId,
    versions: versions.length,
    head: latest?.head ?? null,
    problems,
  };
}

export async function verifyRun(
  store: RecordStore,
  runId: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const { versions, deleteMarkers } = await readAllVersions(store, runId);
  return verifyVersions(runId, versions, deleteMarkers, options);
}

/**
 * `isotrain verify`: the chain (verifyVersions), then each step against what SageMaker and S3 say
 * (verifyAgainstAws), so a well-formed step appended outside isotrain's flow is caught wherever AWS
 * can tell.
 */
export async function verifyRunWithAws(
  store: RecordStore,
  sagemaker: SageMakerClient,
  project: ProjectConfig,
  outputs: GroundTruthOutputs,
  runId: string,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const { versions, deleteMarkers } = await readAllVersions(store, runId);
  const chain = verifyVersions(runId, versions, deleteMarkers, options);
  let latest: RunRecord;
  try {
    latest = JSON.parse(versions[versions.length - 1]?.body ?? '') as RunRecord;
  } catch {
    return chain;
  }
  if (!Array.isArray(latest.steps)) return chain;
  const aws = await verifyAgainstAws(sagemaker, project, outputs, latest, versions);
  const problems = [...chain.problems, ...aws.problems];
  return { ...chain, ok: problems.length === 0, problems, unchecked: aws.unchecked };
}
