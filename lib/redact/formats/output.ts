import { once } from 'node:events';
import * as fs from 'node:fs';

/** Records are small: handing each to the stream costs more than writing them, so they are joined first. */
const FLUSH_CHARS = 64 * 1024;

/** A write stream that respects backpressure and counts the bytes it wrote. */
export class Output {
  private readonly stream: fs.WriteStream;
  private pending: string[] = [];
  private pendingChars = 0;
  bytes = 0;

  constructor(path: string) {
    this.stream = fs.createWriteStream(path, { flags: 'wx', mode: 0o600 });
  }

  async write(chunk: string): Promise<void> {
    this.bytes += Buffer.byteLength(chunk);
    this.pending.push(chunk);
    this.pendingChars += chunk.length;
    if (this.pendingChars >= FLUSH_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    const done = once(this.stream, 'close');
    this.stream.end();
    await done;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const data = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }
}
