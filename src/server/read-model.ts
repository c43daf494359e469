// A computed list answer kept until the store says it changed: the read-model cache of the
// list endpoints (usage, pulse, audit, readiness runs, ...), in the manner of
// portfolio-cache.ts and use-case-list.ts.
//
// The caller reads a revision from the store first (one cheap query: a counter row, counts of
// append-only tables, a sum of versions), then asks for the answer under it. Every write that
// changes the answer changes the revision in the same transaction, and a revision never
// comes back to an earlier value, so an answer computed after the revision was read is never
// older than the revision says; a write by another process (a replica, the CLI) shows in the
// revision like one of ours, and replicas need no messages. An answer that also depends on
// the clock (a survey closes, a day ends, a month-end projection crosses the budget) carries
// the instant it stops being true, and is computed again from then on.
//
// Concurrent requests under the same revision share one computation; a failed one is not
// kept. Distinct keys (query strings) are bounded, so many distinct queries cannot grow memory.
import { CachedBody } from './cached-body.js';

export interface ReadModelAnswer {
  value: unknown;
  /** The instant from which the answer may differ although the store did not change; none: only a write changes it. */
  validUntil?: Date;
}

interface Entry {
  body: CachedBody;
  validUntil: number;
}

export class ReadModel {
  private revision: string | undefined;
  private readonly entries = new Map<string, Promise<Entry>>();

  constructor(private readonly maxKeys = 64) {}

  /**
   * The serialised answer for `key` under `revision` at `now`: the one already made while
   * the revision is the same and `now` is before its end, else `compute()`'s.
   */
  async body(revision: string, key: string, now: Date, compute: () => Promise<ReadModelAnswer>): Promise<CachedBody> {
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    const kept = this.entries.get(key);
    if (kept) {
      const entry = await kept;
      if (now.getTime() < entry.validUntil) return entry.body;
      // Ended: several requests past the end at once share the first one's new computation.
      const newer = this.entries.get(key);
      if (newer && newer !== kept) {
        const e = await newer;
        if (now.getTime() < e.validUntil) return e.body;
      }
    }
    const made = compute().then((a): Entry => ({ body: new CachedBody(a.value), validUntil: a.validUntil?.getTime() ?? Infinity }));
    // Kept only under the revision still current, and never over a newer computation.
    if (revision === this.revision && this.entries.get(key) === kept) {
      if (kept === undefined && this.entries.size >= this.maxKeys) this.entries.clear();
      this.entries.set(key, made);
      made.catch(() => {
        if (this.entries.get(key) === made) this.entries.delete(key);
      });
    }
    return (await made).body;
  }
}
