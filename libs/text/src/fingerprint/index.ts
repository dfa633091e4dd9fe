// Near-duplicate fingerprints: matching tokens, word shingles, MinHash, LSH band keys and exact overlap.
export * from './spelling';
export * from './tokenize';
export * from './hash';
export * from './shingles';
export * from './minhash';
export * from './lsh';
export * from './fingerprint';
export * from './serialize';
