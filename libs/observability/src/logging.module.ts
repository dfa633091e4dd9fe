import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@storyline/config';

/**
 * JSON logs on stdout, one line per event, with the service name on every line. Pipeline lines add the
 * article id (see ArticleLogger). `npm start` prefixes each service's lines; compose keeps them per container.
 */
@Module({})
export class LoggingModule {
  static forRoot(service: string, config: Pick<AppConfig, 'LOG_LEVEL'>): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            base: { service },
            autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
            // Keys and cookies never reach a log; the key a request was let in as is named by its id instead
            // (a stored key's uuid, or API_KEYS#n), set by ApiKeyGuard.
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customProps: (req) => {
              const apiKey = (req as { apiKey?: { id: string } }).apiKey;
              return apiKey ? { apiKey: apiKey.id } : {};
            },
          },
        }),
      ],
    };
  }
}
