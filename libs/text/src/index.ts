// Text processing without any framework: normalization (cleaning, structure, metadata) and fingerprints
// (tokens, shingles, MinHash, spelling-variant keys) that syndication and clustering are built on.
export * from './normalize';
export * from './fingerprint';
