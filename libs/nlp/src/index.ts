// Framework-free NLP: spelling-variant keys for proper nouns, tokenization with offsets, named-entity
// recognition (own averaged-perceptron tagger + shipped model), entity resolution and story-level ranking.
export * from './variant-key';
export * from './tokenize';
export * from './gazetteer';
export * from './ner';
export * from './resolve';
export * from './extract';
