import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The feature flags of `cdk.json` in a directory. Anything that builds the app outside the CDK CLI
 * (tests, checks, benchmarks) must build it with the same flags `cdk synth` uses.
 */
export function readCdkContext(dir: string): Record<string, unknown> {
  const parsed = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return parsed.context ?? {};
}
