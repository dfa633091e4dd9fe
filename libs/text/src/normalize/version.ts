// Bump whenever a rule's behaviour changes: stored articles record the version they were normalized with,
// and the re-normalize command uses it to find articles that are stale.
export const NORMALIZER_VERSION = '1.2.2';
