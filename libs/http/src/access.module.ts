import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiKeyAuthenticator, RateLimiter } from '@storyline/access';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { createRedisConnection, describeRedisUrl, RedisClient, RepeatedErrorLog } from '@storyline/transport';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';

/** A Redis that does not answer within this long lets the request through uncounted. */
const REDIS_TIMEOUT_MS = 1000;

/** The rate limits' own Redis connection: it fails fast, where the queue connection waits for Redis to return. */
@Injectable()
export class RateLimitRedis implements OnModuleInit, OnModuleDestroy {
  readonly client: RedisClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.client = createRedisConnection(config.REDIS_URL, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2 * REDIS_TIMEOUT_MS,
      commandTimeout: REDIS_TIMEOUT_MS,
    });
    // Failed commands are reported by RateLimiter (at most every 30 s); ioredis would print every reconnection.
    this.client.on('error', () => undefined);
  }

  /** Connected before the first request, so that the first requests are counted too. */
  async onModuleInit(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}

/**
 * Who may call an HTTP service and how often: API keys with scopes (ApiKeyGuard) and per-key rate limits in Redis
 * (RateLimitGuard), which createHttpApp installs as global guards. The service's module imports it.
 */
@Module({})
export class AccessModule {
  static forRoot(service: 'ingest' | 'query'): DynamicModule {
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
        RateLimitRedis,
        {
          provide: RateLimiter,
          inject: [APP_CONFIG, RateLimitRedis],
          useFactory: (config: AppConfig, redis: RateLimitRedis) => {
            const logger = new Logger('RateLimit');
            const log = new RepeatedErrorLog((message) => logger.warn(message));
            return new RateLimiter(redis.client, `${config.QUEUE_PREFIX}:rate-limit`, (error) =>
              log.error(
                `requests let through uncounted: ${describeRedisUrl(config.REDIS_URL)} did not answer (${error instanceof Error ? error.message : String(error)})`,
              ),
            );
          },
        },
        ApiKeyGuard,
        {
          provide: RateLimitGuard,
          inject: [RateLimiter, APP_CONFIG],
          useFactory: (limiter: RateLimiter, config: AppConfig) =>
            new RateLimitGuard(limiter, service, {
              requests: service === 'ingest' ? config.INGEST_RATE_LIMIT : config.QUERY_RATE_LIMIT,
              windowMs: config.RATE_LIMIT_WINDOW_MS,
            }),
        },
      ],
      exports: [ApiKeyAuthenticator, ApiKeyGuard, RateLimitGuard],
    };
  }
}
