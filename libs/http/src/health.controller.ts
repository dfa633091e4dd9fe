import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Liveness, Readiness } from '@storyline/contracts';
import { OpenRoute } from './api-key.guard';
import { ApiJsonResponse } from './openapi-schema';
import { RedisHealthIndicator } from './redis-health.indicator';

/** `/health` says the process is alive; `/health/ready` that it can reach Postgres and Redis. */
@ApiTags('health')
@OpenRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiJsonResponse(200, Liveness, 'alive')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer' })
  @ApiJsonResponse(200, Readiness, 'ready')
  @ApiResponse({ status: 503, description: 'Postgres or Redis does not answer: problem details with the checks' })
  // Nearest the method, so that the responses above replace the ones it documents.
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('postgres', { timeout: 2000 }), () => this.redis.isHealthy()]);
  }
}
