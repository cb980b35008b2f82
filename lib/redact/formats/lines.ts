import * as fs from 'node:fs';

// The stream's default. Chunks of 256 KB made the thread several times slower to decode and split them
// (0.9 against 0.3 CPU-seconds for 21 MB): strings that large are allocated apart from the rest, and that
// allocation, not the decoding, was the cost.
const CHUNK_BYTES = 64 * 1024;

/**
 * The lines of a UTF-8 file, a chunk's worth at a time, split where `readline` splits them (at "\r\n", "\n"
 * and a lone "\r"; no empty line after a final line break). `readline` hands lines over one event at a time,
 * which cost about a sixth of the calling thread's time on 21 MB of JSON Lines.
 */
export async function* lineGroups(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string[]> {
  let rest = '';
  // A "\r" at the end of a chunk may be the first half of "\r\n": it is decided with the next chunk.
  let held = false;
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: chunkBytes })) {
    let text = chunk as string;
    const lines: string[] = [];
    if (held) {
      lines.push(rest);
      rest = '';
      held = false;
      if (text.startsWith('\n')) text = text.slice(1);
    }
    let at = 0;
    // Found once and again only when passed: looking afresh for a character a text lacks scans it to the end.
    let cr = text.indexOf('\r');
    for (;;) {
      const nl = text.indexOf('\n', at);
      if (cr >= 0 && cr < at) cr = text.indexOf('\r', at);
      const end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
      if (end < 0) break;
      if (text.charCodeAt(end) === 13 && end === text.length - 1) {
        rest += text.slice(at, end);
        held = true;
        at = text.length;
        break;
      }
      lines.push(rest + text.slice(at, end));
      rest = '';
      at = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    }
    if (!held) rest += text.slice(at);
    if (lines.length > 0) yield lines;
  }
  if (held || rest !== '') yield [rest];
}
