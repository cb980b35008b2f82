import * as fs from 'node:fs';
import { FileTally } from '../report';
import { Batch, type Pipeline } from './batch';
import { Output } from './output';

const BLOCK = 256 * 1024;

/**
 * Plain text in blocks cut at a paragraph break (or, failing that, a line break), so an address or a PEM key
 * that spans lines stays in one piece and memory stays bounded.
 */
export async function redactPlainText(input: string, output: Output, pipeline: Pipeline): Promise<FileTally> {
  const tally = new FileTally();
  let pending = '';
  // A block is larger than a batch: each goes to a worker on its own.
  const batch = new Batch<string>(pipeline, async (block, found) => {
    const r = pipeline.redactor.apply(block, found[0]);
    tally.add('(text)', r.counts);
    await output.write(r.text);
  });
  const flush = (block: string) => batch.add(block, [block]);
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
  await batch.flush();
  return tally;
}
