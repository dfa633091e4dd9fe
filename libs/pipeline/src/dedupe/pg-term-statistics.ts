import { EntityManager } from 'typeorm';
import { BackgroundFrequencies, TermStatistics } from '@storyline/stories';

/** The row holding the number of documents observed in the stream. */
const DOC_COUNT_TERM = '';

/**
 * {@link TermStatistics}: background frequencies shipped with the project (loaded once per process) plus the
 * stream's own counts in `term_statistic`, updated in the dedupe transaction.
 */
export class PgTermStatistics implements TermStatistics {
  constructor(
    private readonly tx: EntityManager,
    private readonly background: { df: Map<string, number>; docCount: number },
  ) {}

  static backgroundOf(b: BackgroundFrequencies): { df: Map<string, number>; docCount: number } {
    return { df: new Map(Object.entries(b.df)), docCount: b.docCount };
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const t of terms) {
      const n = this.background.df.get(t);
      if (n) out.set(t, n);
    }
    if (!terms.length) return out;
    const rows: { term: string; df: number }[] = await this.tx.query(
      `SELECT term, df FROM term_statistic WHERE term = ANY($1)`,
      [terms],
    );
    for (const r of rows) out.set(r.term, (out.get(r.term) ?? 0) + r.df);
    return out;
  }

  async docCount(): Promise<number> {
    const [row] = await this.tx.query(`SELECT df FROM term_statistic WHERE term = $1`, [DOC_COUNT_TERM]);
    return this.background.docCount + (row?.df ?? 0);
  }

  async observe(terms: string[]): Promise<void> {
    const distinct = [...new Set(terms.filter((t) => t !== DOC_COUNT_TERM)), DOC_COUNT_TERM];
    await this.tx.query(
      `INSERT INTO term_statistic (term, df) SELECT unnest($1::text[]), 1
       ON CONFLICT (term) DO UPDATE SET df = term_statistic.df + 1`,
      [distinct],
    );
  }
}
