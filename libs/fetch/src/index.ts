// Collecting articles without any framework: URL canonicalization, a guarded page fetch (SSRF checks on every
// redirect hop, size and time limits), robots.txt rules, per-host politeness and wall detection. apps/fetch wires
// it to the queue, Postgres and Redis.
export * from './canonical-url';
export * from './canonical-link';
export * from './page-fetcher';
export * from './robots-rules';
export * from './host-politeness';
export * from './page-walls';
export * from './user-agent';
export * from './feeds/feed-document';
export * from './feeds/feed-text';
export * from './feeds/poll-schedule';
