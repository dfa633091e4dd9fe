import type { IncomingMessage } from 'node:http';
import { DynamicModule, HttpStatus, INestApplication, Type } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@storyline/config';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { startupLogger } from '@storyline/observability';
import { ApiKeyGuard } from './api-key.guard';
import { HttpMetrics } from './http-metrics';
import { ProblemException } from './problem';
import { ProblemDetailsFilter } from './problem-details.filter';
import { mayHoldUnstorableJson, storableJson } from './request-text';

const MAY_HOLD_UNSTORABLE = Symbol('mayHoldUnstorable');
type MaybeUnstorable = { [MAY_HOLD_UNSTORABLE]?: boolean };

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Largest accepted request body; batches of 1,000 articles need room. */
  bodyLimit?: string;
  /** Extra OpenAPI schemas (e.g. the webhook event catalogue) published under components.schemas. */
  extraSchemas?: Record<string, Record<string, unknown>>;
}

/**
 * The shared shape of an HTTP service (its module must import MetricsModule): request metrics, JSON logs, problem+json errors, JSON bodies with storable strings, raw
 * bodies for text/plain and text/html ingestion, OpenAPI at /docs, and graceful shutdown. Callers decide where to listen.
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
  // First of all middleware: every request is counted, the ones refused by body parsing or a guard included.
  app.use(app.get(HttpMetrics, { strict: false }).middleware);
  const limit = options.bodyLimit ?? '64mb';
  // Strings are made storable (storableText) after parsing, and only when the raw bytes hold an escape that can
  // need it: a reviver doing the same made JSON.parse ~6× slower, most of the CPU of a batch of articles.
  app.useBodyParser('json', {
    limit,
    type: ['application/json', 'application/*+json'],
    verify: (req: IncomingMessage, _res: unknown, bytes: Buffer, encoding: string) => {
      (req as MaybeUnstorable)[MAY_HOLD_UNSTORABLE] = encoding !== 'utf-8' || mayHoldUnstorableJson(bytes);
    },
  });
  app.use((req: MaybeUnstorable & { body?: unknown }, _res: unknown, next: () => void) => {
    if (req[MAY_HOLD_UNSTORABLE]) req.body = storableJson(req.body);
    next();
  });
  // Text and HTML arrive as bytes: their charset may be named by the page itself (see decodeTextBody).
  app.useBodyParser('raw', { limit, type: ['text/plain', 'text/html'] });
  // Nest turns body-parser's JSON syntax error into a bare 400 before any filter sees it; named here, while its
  // type is still known, a client gets `malformed-json` (the filter handles body-parser's other errors itself).
  app.use((error: unknown, _req: unknown, _res: unknown, next: (error?: unknown) => void) => {
    const parser = error as { type?: string; message?: string };
    next(
      parser?.type === 'entity.parse.failed'
        ? new ProblemException(HttpStatus.BAD_REQUEST, 'malformed-json', 'Malformed JSON', parser.message)
        : error,
    );
  });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalGuards(new ApiKeyGuard(app.get<AppConfig>(APP_CONFIG).API_KEYS, app.get(Reflector)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'one of API_KEYS, when the service has any' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = { ...(document.components.schemas ?? {}), ...(options.extraSchemas ?? {}) } as never;
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
