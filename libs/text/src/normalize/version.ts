// Bump whenever a rule's behaviour changes: stored articles record the version they were normalized with
// (`normalizerVersion` in the query API), which tells an operator which articles `renormalize` would change.
export const NORMALIZER_VERSION = '1.2.4';
