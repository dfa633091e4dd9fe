import { loadConfigOrExit } from '@storyline/config';
import { PipelineQueue } from '@storyline/pipeline';
import { UsageError } from '../args';
import { Command } from '../command';
import { createProgress } from '../progress';
import { openDatabase } from '../stack/database';
import { isDrained, PipelineState, readPipelineState } from '../stack/pipeline-state';

/**
 * Drained twice in a row: a stage commits an article's new status before it queues the next job, and the
 * webhook relay queues deliveries just after the last stage, so one quiet look can fall in such a gap.
 */
const QUIET_LOOKS = 2;

export const waitCommand: Command = {
  name: 'wait',
  summary: 'Block until every queue is drained and every article is done or failed',
  usage: 'wait [--timeout <seconds>] [--interval <ms>]',
  details: [
    'Watches the normalize, dedupe, entities and webhooks queues (waiting, active, delayed and prioritized',
    'jobs, under QUEUE_PREFIX in REDIS_URL) and the articles in DATABASE_URL. Note that a webhook delivery',
    'waiting for its next retry counts as queued work. Failed articles are counted: `renormalize --failed`',
    'runs them again once the cause is fixed. Exit code 1 on timeout, 2 with --fail-on-failed when any failed.',
  ].join('\n'),
  options: {
    timeout: { type: 'number', valueName: 'seconds', description: 'give up after this long', default: 600 },
    interval: { type: 'number', valueName: 'ms', description: 'time between two looks', default: 500 },
    'fail-on-failed': { type: 'boolean', description: 'exit 2 when any article failed' },
  },
  async run(args) {
    const timeoutMs = (args.number('timeout') as number) * 1000;
    const intervalMs = args.number('interval') as number;
    if (!(timeoutMs > 0) || !(intervalMs > 0)) throw new UsageError('--timeout and --interval must be positive');
    const config = loadConfigOrExit();
    const db = await openDatabase(config);
    const queue = new PipelineQueue(config);
    try {
      const state = await waitUntilDrained(() => readPipelineState(db, queue), { timeoutMs, intervalMs });
      if (!state.drained) {
        const why = state.last ? describe(state.last) : 'Redis (REDIS_URL) or Postgres (DATABASE_URL) did not answer';
        process.stderr.write(`wait: timed out after ${timeoutMs / 1000} s: ${why}\n`);
        return 1;
      }
      const { articles, failed } = state.last;
      process.stdout.write(`drained: ${articles} article(s), ${articles - failed} done, ${failed} failed\n`);
      if (failed > 0) {
        process.stderr.write(
          `wait: ${failed} article(s) failed; list them with GET /v1/articles?status=failed (failedStage, error) ` +
            'and run them again with `storyline renormalize --failed` once the cause is fixed\n',
        );
        if (args.flag('fail-on-failed')) return 2;
      }
      return 0;
    } finally {
      await queue.client.close();
      await db.destroy();
    }
  },
};

export async function waitUntilDrained(
  look: () => Promise<PipelineState>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<{ drained: true; last: PipelineState } | { drained: false; last: PipelineState | null }> {
  const deadline = Date.now() + timeoutMs;
  // A look can hang (Redis unreachable: BullMQ waits for it to come back); the deadline bounds it too.
  const lookBeforeDeadline = (): Promise<PipelineState | null> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()));
      look().then(
        (state) => {
          clearTimeout(timer);
          resolve(state);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  let quiet = 0;
  let last = await lookBeforeDeadline();
  if (!last) return { drained: false, last: null };
  const progress = createProgress({ label: 'wait', total: last.articles });
  try {
    for (;;) {
      progress.setTotal(last.articles);
      progress.update(last.articles - last.unfinished, describe(last));
      quiet = isDrained(last) ? quiet + 1 : 0;
      if (quiet >= QUIET_LOOKS) return { drained: true, last };
      if (Date.now() >= deadline) return { drained: false, last };
      await new Promise((r) => setTimeout(r, intervalMs));
      const next = await lookBeforeDeadline();
      if (!next) return { drained: false, last };
      last = next;
    }
  } finally {
    progress.stop();
  }
}

function describe(state: PipelineState): string {
  const queues = Object.entries(state.queued)
    .map(([name, n]) => `${name} ${n}`)
    .join(' · ');
  return `${state.unfinished} unfinished${state.failed ? `, ${state.failed} failed` : ''} | queued: ${queues}`;
}
