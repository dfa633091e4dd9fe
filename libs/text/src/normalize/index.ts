// Article normalization: clean text, structure and metadata from what crawlers send (plain text or HTML).
// Framework-free; everything here is pure and synchronous.
export { NORMALIZER_VERSION } from './version';
export type {
  ArticleMetadata,
  ArticleSection,
  Dateline,
  LanguageGuess,
  NormalizationReport,
  NormalizedArticle,
  Provenance,
  RawArticle,
  RemovedLine,
  Sourced,
} from './types';
export { normalizeArticle } from './normalize';
export { foldForMatching } from './fold';
export { splitPlainTextArticle } from './plain-text';
