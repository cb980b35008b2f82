import { CheckProgress } from '../findings';

/** Where progress goes: a stream that may be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Prints a check's progress: on a terminal one line rewritten in place, elsewhere (CI logs, files)
 * one plain line per step. `done` clears the terminal line before the report is printed.
 */
export function progressPrinter(
  stream: ProgressStream,
  label = 'isotrain check',
  now: () => number = () => performance.now(),
): { onProgress: (p: CheckProgress) => void; done: () => void } {
  const start = now();
  const stamp = () => `${((now() - start) / 1000).toFixed(1)} s`;
  if (stream.isTTY) {
    return {
      onProgress: (p) => stream.write(`\r\x1b[K${label}: ${p.message} (${stamp()})`),
      done: () => stream.write('\r\x1b[K'),
    };
  }
  return {
    onProgress: (p) => stream.write(`${label}: ${p.message} (${stamp()})\n`),
    done: () => undefined,
  };
}
