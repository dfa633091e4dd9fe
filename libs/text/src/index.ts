// Text processing without any framework: decoding bodies by their charset (posted and fetched alike),
// normalization (cleaning, structure, metadata) and fingerprints (tokens, shingles, MinHash, spelling-variant keys)
// that syndication and clustering are built on.
export * from './encoding/text-body';
export * from './normalize';
export * from './fingerprint';
