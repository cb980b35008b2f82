import * as path from 'node:path';
import { Finding } from '../findings';

/** A path as a reviewer (and code scanning) reads it: relative to the working directory, `/`-separated. */
export function relativePath(file: string | undefined, cwd: string): string | undefined {
  if (!file) return undefined;
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return (rel.startsWith('..') ? path.resolve(cwd, file) : rel).split(path.sep).join('/');
}

/** `project / stack / LogicalId`: where a finding is. */
export function resourceKey(f: Finding): string {
  return [f.project, f.stackName, f.logicalId].filter(Boolean).join(' / ');
}
