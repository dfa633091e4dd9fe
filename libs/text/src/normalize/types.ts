// Public shapes of the normalizer. Other libs and apps code against these names: change them only with a version bump.

/** What a crawler sends. Every field is optional because real feeds omit any of them. */
export interface RawArticle {
  title?: string | null;
  body?: string | null;
  html?: string | null;
  url?: string | null;
  source?: string | null;
  publishedAt?: string | null;
  language?: string | null;
  /** ISO 8601 time the article reached us; the last-resort published date. */
  receivedAt?: string;
}

/** Where a metadata value came from, so consumers can weigh it (a date read from prose is weaker than one from metadata). */
export type Provenance = 'input' | 'html-meta' | 'json-ld' | 'dateline' | 'text' | 'received' | 'detected';

export interface Sourced<T> {
  value: T;
  source: Provenance;
}

export interface ArticleSection {
  heading: string | null;
  /** True for the first section only: the part a syndicated copy is most likely to share. */
  lead: boolean;
  paragraphs: string[];
}

export interface RemovedLine {
  rule: string;
  text: string;
}

export interface NormalizationReport {
  /** Rules that changed something, in pipeline order, with how many times each fired. */
  rules: { name: string; count: number }[];
  /** Every line the normalizer dropped from the text, so nothing is ever silently lost. */
  removed: RemovedLine[];
}

export interface Dateline {
  place: string;
  /** 'YYYY-MM-DD' when the year is known or inferable, '--MM-DD' (ISO 8601 without year) otherwise. */
  date: string | null;
  raw: string;
}

export interface ArticleMetadata {
  dateline: Dateline | null;
  /** Canonical upper-case short names of credited agencies/outlets, in order first seen. */
  agencies: string[];
  /** ISO 8601. Precedence: input/page metadata > dateline > text > received. */
  publishedAt: Sourced<string> | null;
  author: Sourced<string> | null;
  canonicalUrl: Sourced<string> | null;
  siteName: Sourced<string> | null;
  description: Sourced<string> | null;
}

export interface LanguageGuess {
  /** ISO 639-1, or null when the detector is not reliable (too little text). */
  code: string | null;
  confidence: number;
  source: Provenance;
}

export interface NormalizedArticle {
  title: Sourced<string> | null;
  /** Display text: paragraphs joined by a blank line, headings included as their own paragraph. */
  text: string;
  sections: ArticleSection[];
  wordCount: number;
  language: LanguageGuess;
  /** sha256 hex of foldForMatching(title + text): equal for exact copies, whatever their typography. */
  contentHash: string;
  metadata: ArticleMetadata;
  report: NormalizationReport;
  version: string;
}
