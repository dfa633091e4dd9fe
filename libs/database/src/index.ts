export * from './entities';
export * from './data-source';
export * from './ensure-database';
export * from './run-migrations';
export * from './connections-in-use';
export * from './database.module';
export * from './sql-state';
export * from './prepared-query';
