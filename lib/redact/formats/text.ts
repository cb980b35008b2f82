import * as fs from 'node:fs';
import type { Redactor } from '../redactor';
import { FileTally } from '../report';
import { Output } from './output';

const BLOCK = 256 * 1024;

/**
 * Plain text in blocks cut at a paragraph break (or, failing that, a line break), so an address or a PEM key
 * that spans lines stays in one piece and memory stays bounded.
 */
export async function redactPlainText(input: string, output: Output, redactor: Redactor): Promise<FileTally> {
  const tally = new FileTally();
  let pending = '';
  const flush = async (block: string) => {
    const r = redactor.redact(block);
    tally.add('(text)', r.counts);
    await output.write(r.text);
  };
  for await (const chunk of fs.createReadStream(input, { encoding: 'utf8', highWaterMark: BLOCK })) {
    pending += chunk as string;
    tally.records += ((chunk as string).match(/\n/g) ?? []).length;
    while (pending.length >= BLOCK) {
      let cut = pending.lastIndexOf('\n\n', BLOCK);
      if (cut < BLOCK / 4) cut = pending.lastIndexOf('\n', BLOCK);
      if (cut < 0) cut = pending.lastIndexOf(' ', BLOCK);
      if (cut < 0) cut = BLOCK - 1;
      await flush(pending.slice(0, cut + 1));
      pending = pending.slice(cut + 1);
    }
  }
  if (pending) {
    if (!pending.endsWith('\n')) tally.records++;
    await flush(pending);
  }
  return tally;
}
