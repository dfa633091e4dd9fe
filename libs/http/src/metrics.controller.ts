import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { OpenRoute } from './api-key.guard';

/**
 * Prometheus exposition of the process's registry. Open like /health: a scraper's job is to read it, and it
 * holds counts, never content.
 */
@ApiExcludeController()
@OpenRoute()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
