// Framework-free NLP: spelling-variant keys for proper nouns, named-entity recognition and entity resolution.
export * from './variant-key';
