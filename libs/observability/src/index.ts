export * from './logging.module';
export * from './startup';
