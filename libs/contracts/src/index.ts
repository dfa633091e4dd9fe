export * from './queues';
export * from './jobs';
export * from './article-status';
export * from './article-input';
export * from './events';
export * from './webhook-subscription-input';
export * from './api-key-scope';
export * from './responses';
