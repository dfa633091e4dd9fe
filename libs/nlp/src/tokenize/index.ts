export * from './token';
export * from './tokenizer';
export * from './sentences';
