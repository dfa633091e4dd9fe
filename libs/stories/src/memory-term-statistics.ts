import { BackgroundFrequencies } from './background-frequencies';
import { TermStatistics } from './term-statistics';

/** {@link TermStatistics} in process memory, on top of background frequencies. */
export class InMemoryTermStatistics implements TermStatistics {
  private readonly observed = new Map<string, number>();
  private observedDocs = 0;
  // A Map, not the record itself: a term such as "constructor" must not read Object.prototype.
  private readonly backgroundDf: Map<string, number>;
  private readonly backgroundDocs: number;

  constructor(background: BackgroundFrequencies = { source: 'none', docCount: 0, df: {} }) {
    this.backgroundDf = new Map(Object.entries(background.df));
    this.backgroundDocs = background.docCount;
  }

  async df(terms: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const term of terms) {
      const n = (this.backgroundDf.get(term) ?? 0) + (this.observed.get(term) ?? 0);
      if (n > 0) out.set(term, n);
    }
    return out;
  }

  async docCount(): Promise<number> {
    return this.backgroundDocs + this.observedDocs;
  }

  async observe(terms: string[]): Promise<void> {
    for (const term of new Set(terms)) this.observed.set(term, (this.observed.get(term) ?? 0) + 1);
    this.observedDocs++;
  }
}
