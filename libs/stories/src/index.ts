// Syndication (near-duplicate) detection and online story clustering, framework-free: storage is behind
// interfaces (SyndicationIndex, StoryStore, TermStatistics) with in-memory implementations for tests and tools.
export * from './copy-verification';
export * from './syndication-index';
export * from './memory-syndication-index';
export * from './syndication-detector';
export * from './stopwords';
export * from './stemmer';
export * from './proper-nouns';
export * from './article-features';
export * from './term-statistics';
export * from './background-frequencies';
export * from './memory-term-statistics';
export * from './weighted-article';
export * from './story-profile';
export * from './story-title';
export * from './story-member';
export * from './story-store';
export * from './memory-story-store';
export * from './article-time';
export * from './story-scoring';
export * from './article-similarity';
export * from './average-link';
export * from './local-scaling';
export * from './neighbourhood-clustering';
export * from './story-assigner';
export * from './article-processor';
export * from './metrics';
