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
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
      ],
    };
  }
}
