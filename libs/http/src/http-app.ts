import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { startupLogger } from '@storyline/observability';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { HttpMetrics } from './http-metrics';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RequestBodyInterceptor } from './request-body.interceptor';
import { refuseUnreadableTarget } from './request-target';
import { StrictQueryInterceptor } from './strict-query.interceptor';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Extra OpenAPI schemas (e.g. the webhook event catalogue) published under components.schemas. */
  extraSchemas?: Record<string, Record<string, unknown>>;
}

/**
 * The shared shape of an HTTP service (its module must import MetricsModule and AccessModule): request metrics,
 * JSON logs, problem+json errors, request targets that are text, API keys with scopes and rate limits, query
 * parameters no route ignores, bodies read only after the API-key guards and within each route's limit (RequestBodyInterceptor: JSON parsed as it arrives, with
 * storable strings; text/plain and text/html as bytes), OpenAPI at /docs, and graceful shutdown. Callers decide
 * where to listen.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
    logger: startupLogger(),
    // A failed start rejects (for the entry point to report in one line) instead of exiting from inside Nest.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First of all middleware: every request is counted, the ones refused by a guard or for their body included.
  app.use(app.get(HttpMetrics, { strict: false }).middleware);
  app.use(refuseUnreadableTarget);
  app.useGlobalFilters(new ProblemDetailsFilter());
  const config = app.get<AppConfig>(APP_CONFIG);
  // The key first (401, 403), then its rate limit (429): a request refused by either is never counted.
  app.useGlobalGuards(app.get(ApiKeyGuard, { strict: false }), app.get(RateLimitGuard, { strict: false }));
  // Interceptors run after the guards: query parameters are checked and a body read only for a caller let in.
  app.useGlobalInterceptors(new StrictQueryInterceptor(), new RequestBodyInterceptor(config, app.get(Reflector)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const document = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description:
        'an API key (`cli keys create`) or one of API_KEYS, once the stack has any; each operation names the scope it needs in x-required-scope (admin keys may use all)',
    })
    .build();
  const openApi = SwaggerModule.createDocument(app, document);
  openApi.components ??= {};
  openApi.components.schemas = { ...(openApi.components.schemas ?? {}), ...(options.extraSchemas ?? {}) } as never;
  SwaggerModule.setup('docs', app, openApi, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
