import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeyAuthenticator } from '@storyline/access';
import { QueueName, scopesGrant } from '@storyline/contracts';
import { forbidden, PROBLEM_CONTENT_TYPE, problemType, sentApiKey } from '@storyline/http';
import { PipelineQueue } from '@storyline/pipeline';

export const QUEUE_DASHBOARD_PATH = '/queues';

/**
 * bull-board at /queues: every queue's jobs by state, with their payloads, attempts and errors — what an operator
 * opens when `storyline_queue_jobs` says a stage is behind or failing.
 *
 * Read-only. Articles are retried through their own state (`cli renormalize --failed`, the stage sweeper), which
 * knows an article's revision and stage; a job retried or removed by hand from the board bypasses both.
 *
 * It needs an admin key like the API's admin routes — as a Bearer token, or as the password of HTTP Basic
 * authentication (any user name), which a browser asks for by itself — unless the stack has no key at all.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const queue = app.get(PipelineQueue, { strict: false });
  const board = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(queue.client.getQueue(name), { readOnlyMode: true }),
    ),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Storyline queues' } },
  });
  app.use(QUEUE_DASHBOARD_PATH, requireAdmin(app.get(ApiKeyAuthenticator, { strict: false })), board.getRouter());
}

function requireAdmin(authenticator: ApiKeyAuthenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    authenticator.authenticate(sentApiKey(req.headers.authorization, { basic: true })).then(
      (auth) => {
        if (auth.outcome === 'open') return next();
        if (auth.outcome === 'caller') {
          if (scopesGrant(auth.caller.scopes, 'admin')) return next();
          return sendProblem(res, forbidden('admin', auth.caller.scopes).getResponse() as object);
        }
        res.setHeader('WWW-Authenticate', 'Basic realm="Storyline queues", charset="UTF-8"');
        sendProblem(res, {
          type: problemType('unauthorized'),
          title: 'Unauthorized',
          status: 401,
          detail: 'send an admin API key: Authorization: Bearer <API key>, or as the password of Basic authentication',
        });
      },
      () => {
        // Postgres did not answer the key's lookup: as the API answers then.
        res.setHeader('Retry-After', '2');
        sendProblem(res, {
          type: problemType('unavailable'),
          title: 'Service unavailable',
          status: 503,
          detail: 'the API key could not be checked; retry later',
        });
      },
    );
  };
}

function sendProblem(res: Response, problem: object): void {
  const { status } = problem as { status: number };
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}
