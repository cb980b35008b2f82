import type { OrderedBatches } from '../finder';
import type { Redactor } from '../redactor';
import type { Finding } from '../types';

/** What a format needs to redact its texts: where to find entities, and how to replace them. */
export interface Pipeline {
  readonly redactor: Redactor;
  readonly batches: OrderedBatches;
}

/** About this much text goes to a worker at once: large enough that messaging costs little, small enough to spread. */
export const BATCH_CHARS = 64 * 1024;

/**
 * Collects items with their texts until a batch is full, then sends the texts to be searched and hands each
 * item its findings, in order.
 */
export class Batch<T> {
  private items: { item: T; texts: string[] }[] = [];
  private chars = 0;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly apply: (item: T, found: Finding[][]) => Promise<void> | void,
  ) {}

  async add(item: T, texts: string[]): Promise<void> {
    this.items.push({ item, texts });
    for (const t of texts) this.chars += t.length;
    if (this.chars >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.chars = 0;
    await this.pipeline.batches.submit(
      items.flatMap((i) => i.texts),
      async (found) => {
        let at = 0;
        for (const { item, texts } of items) {
          await this.apply(item, found.slice(at, at + texts.length));
          at += texts.length;
        }
      },
    );
  }
}
