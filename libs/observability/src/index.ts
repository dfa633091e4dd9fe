export * from './logging.module';
export * from './startup';
export * from './shutdown-deadline';
