import * as fs from 'node:fs';

/** Removes what global-setup.ts made. */
export default function globalTeardown(): void {
  const root = process.env.ISOTRAIN_TEST_RUN_DIR;
  if (root) fs.rmSync(root, { recursive: true, force: true });
}
