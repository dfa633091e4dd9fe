/**
 * Document frequencies for TF-IDF: background counts shipped with the project (so a cold start already knows
 * that "said" is common and "Kuleba" is rare) plus the counts of every article seen since. A Postgres
 * implementation returns background + `term_statistic.df` and keeps the document count in the row with term ''.
 */
export interface TermStatistics {
  /** Document frequency of each term; a term never seen may be absent (read as 0). */
  df(terms: string[]): Promise<Map<string, number>>;
  /** Number of documents the frequencies were counted over (background and stream). */
  docCount(): Promise<number>;
  /** Counts one more document containing each distinct term of `terms`. */
  observe(terms: string[]): Promise<void>;
}

/** Inverse document frequency, smoothed so a term never seen gets the highest weight rather than infinity. */
export function idf(df: number, docCount: number): number {
  return Math.log((docCount + 1) / (df + 1)) + 1;
}
