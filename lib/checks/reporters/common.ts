import * as path from 'node:path';
import { AcknowledgmentRecord, Finding } from '../findings';

/** A path as a reviewer (and code scanning) reads it: relative to the working directory, `/`-separated. */
export function relativePath(file: string | undefined, cwd: string): string | undefined {
  if (!file) return undefined;
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return (rel.startsWith('..') ? path.resolve(cwd, file) : rel).split(path.sep).join('/');
}

/** `project / stack / LogicalId`: where a finding is. */
export function resourceKey(f: { project?: string; stackName: string; logicalId: string }): string {
  return [f.project, f.stackName, f.logicalId].filter(Boolean).join(' / ');
}

/** `file:line`, relative, or undefined without a file. */
export function fileLine(
  file: string | undefined,
  line: number | undefined,
  cwd: string,
): string | undefined {
  const rel = relativePath(file, cwd);
  return rel && `${rel}${line ? `:${line}` : ''}`;
}

/** Where an acknowledgment is written and who granted it, in words. */
export function acknowledgedBy(a: AcknowledgmentRecord, cwd: string): string {
  switch (a.source) {
    case 'reviewed-file':
      return `reviewed file ${fileLine(a.acknowledgedIn?.file, a.acknowledgedIn?.line, cwd) ?? ''}, approved by ${a.approvedBy ?? 'nobody named'}`;
    case 'template-metadata':
      return 'template metadata (cdk_nag.rules_to_suppress)';
    case 'isotrain-code':
      return "isotrain's code (GUARD_ACKNOWLEDGMENTS)";
  }
}

export type { Finding };
