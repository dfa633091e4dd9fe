import { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { createHttpApp } from '@storyline/http';
import { IngestModule } from './ingest.module';

export function createIngestApp(config: AppConfig): Promise<INestApplication> {
  return createHttpApp(IngestModule.forRoot(config), {
    title: 'Storyline ingest',
    description: 'Submit articles (JSON, text/plain, text/html), one at a time or in batches of up to 1,000.',
  });
}
