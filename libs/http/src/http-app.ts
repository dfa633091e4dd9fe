import type { Server } from 'node:http';
import { DynamicModule, INestApplication, Module, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ConnectionsInUse } from '@storyline/database';
import { ShutdownDeadline, startupLogger } from '@storyline/observability';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { HttpMetrics } from './http-metrics';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RequestBodyInterceptor } from './request-body.interceptor';
import { completeOpenApiDocument } from './openapi-schema';
import { assignRequestId } from './request-id';
import { refuseUnreadableTarget } from './request-target';
import { StrictQueryInterceptor } from './strict-query.interceptor';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Extra OpenAPI schemas (e.g. the webhook event catalogue) published under components.schemas. */
  extraSchemas?: Record<string, Record<string, unknown>>;
}

@Module({})
class HttpRootModule {}

/**
 * The shared shape of an HTTP service (its module must import MetricsModule and AccessModule): request metrics,
 * JSON logs, a request id on every response and its log lines, problem+json errors, request targets that are text, API keys with scopes and rate limits, query
 * parameters no route ignores, bodies read only after the API-key guards and within each route's limit
 * (RequestBodyInterceptor: JSON parsed as it arrives, with storable strings; text/plain and text/html as bytes),
 * OpenAPI at /docs with the response schemas its routes name, and graceful shutdown: on SIGTERM the server stops accepting connections and lets the requests
 * in progress finish within SHUTDOWN_GRACE_MS; then it cuts the connections left and ends the Postgres sessions
 * they use (ShutdownDeadline). Callers decide where to listen.
 */
export async function createHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const root: DynamicModule = {
    module: HttpRootModule,
    imports: [module],
    providers: [
      {
        provide: ShutdownDeadline,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) =>
          new ShutdownDeadline(config.SHUTDOWN_GRACE_MS, async () => {
            // Sessions first: once the connections are cut the server's close ends, and the process may exit
            // before a termination sent after it. Idle keep-alive connections were closed with the server; these
            // are requests still running or clients still sending.
            const ended = await app.get(ConnectionsInUse, { strict: false }).terminate();
            (app.getHttpServer() as Server).closeAllConnections();
            return `closed the connections of the requests still running; ended ${ended} Postgres session(s) in use`;
          }),
      },
    ],
  };
  // The deadline's closure runs at shutdown only, once `app` is set.
  const app = await NestFactory.create<NestExpressApplication>(root, {
    bufferLogs: true,
    bodyParser: false,
    logger: startupLogger(),
    // A failed start rejects (for the entry point to report in one line) instead of exiting from inside Nest.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  // First of all middleware: every response carries its request's id, and the request is counted, the ones
  // refused by a guard or for their body included.
  app.use(assignRequestId);
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
  // ETags where the documents promise them only (ConditionalGet): not Express' weak ones on every response.
  app.set('etag', false);

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
  completeOpenApiDocument(openApi);
  SwaggerModule.setup('docs', app, openApi, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
