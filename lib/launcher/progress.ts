import { JobEvent, isTerminalStatus } from '../aws/job-states';
import { duration, summarize } from './summary';

export interface Progress {
  onEvent(event: JobEvent): void;
  /** Clears the live line (TTY) so what follows starts on a clean line. */
  finish(): void;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function clock(d: Date): string {
  return d.toISOString().slice(11, 19);
}

/**
 * On a TTY: transitions as permanent lines and one live line (spinner, status, elapsed) redrawn on
 * each poll. Otherwise: one plain, timestamped line per transition and a heartbeat every
 * `heartbeatSeconds`, so CI logs show progress without control characters.
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  options: { tty?: boolean; heartbeatSeconds?: number } = {},
): Progress {
  const tty = options.tty ?? stream.isTTY === true;
  const heartbeat = options.heartbeatSeconds ?? 600;
  let frame = 0;
  let live = false;
  let lastBeat = 0;
  const clear = () => {
    if (live) stream.write('\r\x1b[2K');
    live = false;
  };
  const line = (event: JobEvent): string | undefined => {
    if (event.kind === 'status') return `status ${event.status}`;
    if (event.kind === 'secondary') return `${event.status}${event.message ? ` — ${event.message}` : ''}`;
    return undefined;
  };
  return {
    onEvent(event) {
      const text = line(event);
      if (tty) {
        if (text) {
          clear();
          stream.write(`  ${clock(event.at)}  ${text}\n`);
        }
        if (event.kind === 'poll') {
          const s = summarize(event.job, event.at);
          clear();
          stream.write(
            `${SPINNER[frame++ % SPINNER.length]} ${s.name}  ${s.status} · ${s.secondaryStatus ?? '-'} · ${duration(s.elapsedSeconds)} elapsed  (Ctrl-C stops following, not the job)`,
          );
          live = true;
        }
        return;
      }
      if (text) {
        stream.write(`${event.at.toISOString()} ${text}\n`);
        return;
      }
      if (event.kind === 'poll') {
        const s = summarize(event.job, event.at);
        const elapsed = s.elapsedSeconds ?? 0;
        if (!isTerminalStatus(s.status) && elapsed - lastBeat >= heartbeat) {
          lastBeat = elapsed - (elapsed % heartbeat);
          stream.write(
            `${event.at.toISOString()} still ${s.status} (${s.secondaryStatus ?? '-'}), ${duration(elapsed)} elapsed\n`,
          );
        }
      }
    },
    finish() {
      if (tty) clear();
    },
  };
}
