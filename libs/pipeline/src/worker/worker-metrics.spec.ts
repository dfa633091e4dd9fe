import type { Job } from 'bullmq';
import { BehaviorSubject } from 'rxjs';
import type { BullMqServer } from '@storyline/transport';
import { WorkerMetrics } from './worker-metrics';

/** The part of BullMqServer WorkerMetrics listens to: its job events and its status. */
function fakeServer(handlers = new Map<string, (job: Job) => void>(), status = new BehaviorSubject('connecting')) {
  const server = {
    on: (event: string, handler: (job: Job) => void) => handlers.set(event, handler),
    status: status.asObservable(),
  };
  return server as unknown as BullMqServer;
}

describe('WorkerMetrics: jobs', () => {
  it('counts a completed job and its run time by queue, job name and outcome, with the service label', async () => {
    const handlers = new Map<string, (job: Job) => void>();
    const metrics = new WorkerMetrics('dedupe', fakeServer(handlers));
    handlers.get('completed')!({ queueName: 'dedupe', name: 'dedupe', processedOn: 1000, finishedOn: 1250 } as Job);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/storyline_jobs_total\{queue="dedupe",job="dedupe",outcome="completed",service="dedupe"\} 1/);
    expect(text).toMatch(
      /storyline_job_duration_seconds_sum\{service="dedupe",queue="dedupe",job="dedupe",outcome="completed"\} 0.25\n/,
    );
    expect(text).not.toMatch(/serialized_section/);
  });
});

describe('WorkerMetrics: /health/ready', () => {
  it('answers 503 until the worker consumes its queue, 200 while it does, and 503 once it stops', async () => {
    const status = new BehaviorSubject('connecting');
    const metrics = new WorkerMetrics('normalize', fakeServer(undefined, status));
    const port = await metrics.listen(0, '127.0.0.1');
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return [res.status, await res.json()];
    };
    try {
      expect(await ready()).toEqual([503, { status: 'not consuming' }]);
      status.next('connected');
      expect(await ready()).toEqual([200, { status: 'ok' }]);
      status.next('disconnected');
      expect(await ready()).toEqual([503, { status: 'not consuming' }]);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(404);
    } finally {
      await metrics.close();
    }
  });
});
