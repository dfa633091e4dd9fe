export * from './gazetteer';
export * from './aliases';
