export * from './api-key-secret';
export * from './bootstrap-keys';
export * from './api-key-registry';
export * from './api-key-authenticator';
export * from './rate-limiter';
