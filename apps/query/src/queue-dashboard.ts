import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@storyline/config';
import { QueueName } from '@storyline/contracts';
import { ApiKeys, PROBLEM_CONTENT_TYPE, problemType } from '@storyline/http';
import { PipelineQueue } from '@storyline/pipeline';

export const QUEUE_DASHBOARD_PATH = '/queues';

/**
 * bull-board at /queues: every queue's jobs by state, with their payloads, attempts and errors — what an operator
 * opens when `storyline_queue_jobs` says a stage is behind or failing.
 *
 * Read-only. Articles are retried through their own state (`cli renormalize --failed`, the stage sweeper), which
 * knows an article's revision and stage; a job retried or removed by hand from the board bypasses both.
 *
 * With API_KEYS set, the board needs a key like the API: as a Bearer token, or as the password of HTTP Basic
 * authentication (any user name), which a browser asks for by itself.
 */
export function mountQueueDashboard(app: INestApplication, config: AppConfig): void {
  const queue = app.get(PipelineQueue, { strict: false });
  const board = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(queue.client.getQueue(name), { readOnlyMode: true }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Storyline queues' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, requireKey(new ApiKeys(config.API_KEYS)), board.getRouter());
}

function requireKey(keys: ApiKeys) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!keys.required || keys.accepts(sentKey(req.headers.authorization ?? ''))) return next();
    res
      .status(401)
      .setHeader('WWW-Authenticate', 'Basic realm="Storyline queues", charset="UTF-8"')
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: problemType('unauthorized'),
          title: 'Unauthorized',
          status: 401,
          detail: 'send an API key: Authorization: Bearer <API key>, or as the password of Basic authentication',
        }),
      );
  };
}

/** The key in a Bearer token, or the password of Basic credentials; '' when there is none. */
function sentKey(header: string): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (!basic) return '';
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  return credentials.slice(credentials.indexOf(':') + 1);
}
