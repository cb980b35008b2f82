import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where global-setup.ts left the shared project's synthesized cloud assembly (the Stage's directory). */
export const ASSEMBLY_ENV = 'ISOTRAIN_TEST_ASSEMBLY';

export type Templates = Record<string, any>;

export interface SharedAssembly {
  /** The Stage's assembly directory: `<stack>.template.json` files and `manifest.json`. */
  readonly dir: string;
  /** Template file name → parsed template. A fresh copy each call: mutate freely. */
  templates(): Templates;
  /** Absolute paths of the template files. */
  readonly files: string[];
}

let cached: { dir: string; text: Record<string, string> } | undefined;

/**
 * The shared test project (`sharedProject()` in test/helpers.ts), synthesized once per jest run by
 * test/support/global-setup.ts.
 */
export function sharedAssembly(): SharedAssembly {
  if (!cached) {
    const dir = process.env[ASSEMBLY_ENV];
    if (!dir || !fs.existsSync(dir)) {
      throw new Error(
        `${ASSEMBLY_ENV} is not set: run the tests with jest (jest.config.js registers the global setup)`,
      );
    }
    const text = Object.fromEntries(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.template.json'))
        .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
    );
    cached = { dir, text };
  }
  const { dir, text } = cached;
  return {
    dir,
    templates: () => Object.fromEntries(Object.entries(text).map(([f, t]) => [f, JSON.parse(t)])),
    files: Object.keys(text).map((f) => path.join(dir, f)),
  };
}
