import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '@storyline/config';
import { dataSourceOptions } from './data-source';

/** The Postgres connection for a Nest app. It never migrates: that is the `migrate` step's job. */
@Module({})
export class DatabaseModule {
  /** `poolSize`: connections this process may hold; a worker needs about one per concurrent job. */
  static forRoot(config: Pick<AppConfig, 'DATABASE_URL'>, service: string, poolSize = 10): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ url: config.DATABASE_URL, applicationName: `storyline-${service}`, poolSize }),
          retryAttempts: 10,
          retryDelay: 1000,
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
