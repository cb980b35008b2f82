import * as fs from 'node:fs';
import { RUN_KEY, RunState } from './run-state';

/** Ends and removes what global-setup.ts made; waits for the moto servers, so their CPU time counts. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<symbol, unknown>)[RUN_KEY] as RunState | undefined;
  if (!state) return;
  await state.moto?.stop();
  fs.rmSync(state.root, { recursive: true, force: true });
}
