import 'reflect-metadata';
import { loadConfigOrExit } from '@storyline/config';
import { createQueryApp } from './query-app';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createQueryApp(config);
  await app.listen(config.QUERY_PORT, config.HOST);
}

void bootstrap();
