export * from './problem';
export * from './problem-details.filter';
export * from './zod-validation.pipe';
export * from './health.module';
export * from './http-app';
export * from './openapi-schema';
export * from './api-key.guard';
export * from './request-text';
