import type { BullMqServer } from '@storyline/transport';
import { startSerializedSection, WorkerMetrics } from './worker-metrics';

const server = { on: () => undefined } as unknown as BullMqServer;

describe('WorkerMetrics: serialized sections', () => {
  it('shows the time held in a serialized section, by section, with the service label', async () => {
    const metrics = new WorkerMetrics('dedupe', server);
    const release = startSerializedSection('story-assignment');
    release();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /storyline_serialized_section_seconds_count\{service="dedupe",section="story-assignment"\} [1-9]/,
    );
    expect(text).toMatch(/storyline_serialized_section_seconds_sum\{service="dedupe",section="story-assignment"\} /);
  });
});
