export * from './api-key-secret';
export * from './api-key-registry';
