import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@storyline/config';

/** Articles are read from the query service, so Location points there. */
@Injectable()
export class IngestLinks {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  article(id: string): string {
    return `${this.config.QUERY_PUBLIC_URL.replace(/\/$/, '')}/v1/articles/${id}`;
  }
}
