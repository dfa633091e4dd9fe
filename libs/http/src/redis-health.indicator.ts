import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { createRedisConnection, type RedisClient } from '@storyline/transport';

/** As long as the Postgres check waits: a Redis that accepts connections but never answers is not ready. */
const TIMEOUT_MS = 2000;

/**
 * Readiness of Redis: a PING on a connection of its own, so a saturated queue connection cannot mask it. On a
 * Redis Cluster the connection is a cluster client: it is ready once it has the cluster's slot map.
 */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis: RedisClient;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.redis = createRedisConnection(config.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: TIMEOUT_MS,
      commandTimeout: TIMEOUT_MS,
    });
    // A connection error is what this check reports (the failed PING says it); unlistened, ioredis would print
    // every reconnection failure as an unhandled error event.
    this.redis.on('error', () => undefined);
  }

  async isHealthy(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      await this.redis.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
