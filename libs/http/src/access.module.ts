import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiKeyAuthenticator } from '@storyline/access';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Who may call an HTTP service: API keys with scopes (ApiKeyGuard), which createHttpApp installs as a global guard.
 * The service's module imports it.
 */
@Module({})
export class AccessModule {
  static forRoot(): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [
        {
          provide: ApiKeyAuthenticator,
          inject: [APP_CONFIG, getDataSourceToken()],
          useFactory: (config: AppConfig, db: DataSource) =>
            new ApiKeyAuthenticator(config.API_KEYS, db, config.API_KEY_CACHE_MS),
        },
        ApiKeyGuard,
      ],
      exports: [ApiKeyAuthenticator, ApiKeyGuard],
    };
  }
}
