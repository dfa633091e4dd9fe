import { EntityManager } from 'typeorm';
import { BackgroundFrequencies, TermStatistics } from '@storyline/stories';
import { DOC_COUNT_TERM, StreamTermCounts } from './stream-term-counts';

/**
 * {@link TermStatistics}: background frequencies shipped with the project (loaded once per process) plus the
 * stream's own counts (see StreamTermCounts): those in `term_statistic`, read at most seconds ago, and those this
 * process counted and has not written yet. What a decision observes is held in `observed` until its transaction
 * commits (see `countObserved`): a decision made again after a rollback must not count its article twice.
 */
export class PgTermStatistics implements TermStatistics {
  private readonly observed: string[][] = [];

  constructor(
    private readonly db: EntityManager,
    private readonly background: { df: Map<string, number>; docCount: number },
    private readonly stream: StreamTermCounts,
  ) {}

  static backgroundOf(b: BackgroundFrequencies): { df: Map<string, number>; docCount: number } {
    return { df: new Map(Object.entries(b.df)), docCount: b.docCount };
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    const stream = await this.stream.documentFrequencies(this.db, terms);
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = (this.background.df.get(t) ?? 0) + (stream.get(t) ?? 0);
      if (n) out.set(t, n);
    }
    return out;
  }

  async docCount(): Promise<number> {
    const stream = await this.stream.documentFrequencies(this.db, [DOC_COUNT_TERM]);
    return this.background.docCount + (stream.get(DOC_COUNT_TERM) ?? 0);
  }

  async observe(terms: string[]): Promise<void> {
    this.observed.push(terms.filter((t) => t !== DOC_COUNT_TERM));
  }

  /** Adds what was observed to the stream's counts: once the decision that observed it has committed. */
  countObserved(): void {
    for (const terms of this.observed.splice(0)) this.stream.observe(terms);
  }
}
