import type { Finding } from './types';

/** Finds entities in many texts at once, in this thread or in worker threads. */
export interface Finder {
  findAll(texts: readonly string[]): Promise<Finding[][]>;
  close(): Promise<void>;
}

/** The finder of one thread: no start-up cost, the right choice for small inputs. */
export function inThreadFinder(findAll: (texts: readonly string[]) => Finding[][]): Finder {
  return {
    findAll: (texts) => Promise.resolve(findAll(texts)),
    close: () => Promise.resolve(),
  };
}

type Settled =
  { readonly ok: true; readonly run: () => Promise<void> } | { readonly ok: false; readonly error: unknown };

/**
 * Keeps a few batches in flight (so every worker has work) while their results are applied strictly in the
 * order they were submitted: output order, and the numbering of pseudonyms by first appearance, never depend
 * on which worker finished first.
 */
export class OrderedBatches {
  private readonly inflight: Promise<Settled>[] = [];

  constructor(
    private readonly finder: Finder,
    private readonly window: number,
  ) {}

  async submit(texts: readonly string[], then: (found: Finding[][]) => Promise<void> | void): Promise<void> {
    this.inflight.push(
      this.finder.findAll(texts).then(
        (found): Settled => ({ ok: true, run: async () => then(found) }),
        (error: unknown): Settled => ({ ok: false, error }),
      ),
    );
    while (this.inflight.length > this.window) await this.next();
  }

  async drain(): Promise<void> {
    while (this.inflight.length > 0) await this.next();
  }

  private async next(): Promise<void> {
    const settled = await this.inflight.shift()!;
    if (!settled.ok) {
      // The rest are abandoned; they were caught above, so none rejects unhandled.
      this.inflight.length = 0;
      throw settled.error;
    }
    await settled.run();
  }
}
