import type { Job } from 'bullmq';
import type { BullMqServer } from '@storyline/transport';
import { WorkerMetrics } from './worker-metrics';

describe('WorkerMetrics: jobs', () => {
  it('counts a completed job and its run time by queue, job name and outcome, with the service label', async () => {
    const handlers = new Map<string, (job: Job) => void>();
    const server = { on: (event: string, handler: (job: Job) => void) => handlers.set(event, handler) };
    const metrics = new WorkerMetrics('dedupe', server as unknown as BullMqServer);
    handlers.get('completed')!({ queueName: 'dedupe', name: 'dedupe', processedOn: 1000, finishedOn: 1250 } as Job);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/storyline_jobs_total\{queue="dedupe",job="dedupe",outcome="completed",service="dedupe"\} 1/);
    expect(text).toMatch(
      /storyline_job_duration_seconds_sum\{service="dedupe",queue="dedupe",job="dedupe",outcome="completed"\} 0.25\n/,
    );
    expect(text).not.toMatch(/serialized_section/);
  });
});
