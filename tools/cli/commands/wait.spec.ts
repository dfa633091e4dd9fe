import { PipelineState } from '../stack/pipeline-state';
import { waitUntilDrained } from './wait';

const drained: PipelineState = { queued: { normalize: 0 }, articles: 3, unfinished: 0, failed: 0 };

describe('waitUntilDrained', () => {
  it('needs two quiet looks in a row', async () => {
    const looks = [{ ...drained, unfinished: 1 }, drained, drained];
    const result = await waitUntilDrained(async () => looks.shift() ?? drained, { timeoutMs: 5_000, intervalMs: 1 });
    expect(result).toEqual({ drained: true, last: drained });
    expect(looks).toHaveLength(0);
  });

  it('gives up at the deadline even when a look never answers (Redis unreachable)', async () => {
    const result = await waitUntilDrained(() => new Promise<PipelineState>(() => undefined), {
      timeoutMs: 200,
      intervalMs: 10,
    });
    expect(result).toEqual({ drained: false, last: null });
  });
});
