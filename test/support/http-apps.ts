import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@storyline/config';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createQueryApp } from '../../apps/query/src/query-app';

/** The ingest and query services of one test file, in this process, on ports the system chose. */
export interface HttpApps {
  ingest: INestApplication;
  query: INestApplication;
  ingestUrl: string;
  queryUrl: string;
  close(): Promise<void>;
}

export async function listenHttpApps(config: AppConfig): Promise<HttpApps> {
  const [ingest, query] = await Promise.all([createIngestApp(config), createQueryApp(config)]);
  await Promise.all([ingest.listen(0, '127.0.0.1'), query.listen(0, '127.0.0.1')]);
  const [ingestUrl, queryUrl] = await Promise.all([ingest.getUrl(), query.getUrl()]);
  return {
    ingest,
    query,
    ingestUrl,
    queryUrl,
    close: async () => void (await Promise.all([ingest.close(), query.close()])),
  };
}
