import { WorkLanes } from './work-lanes';

describe('WorkLanes', () => {
  it('never runs more than its lanes at once, whoever calls, and starts the waiting calls in arrival order', async () => {
    const lanes = new WorkLanes(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (n: number) => async () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n * 2;
    };
    const first = Promise.all([1, 2, 3].map((n) => lanes.run(work(n))));
    const second = Promise.all([4, 5].map((n) => lanes.run(work(n))));
    await expect(first).resolves.toEqual([2, 4, 6]);
    await expect(second).resolves.toEqual([8, 10]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('frees the lane of a call that failed', async () => {
    const lanes = new WorkLanes(1);
    await expect(lanes.run(async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(lanes.run(async () => 'next')).resolves.toBe('next');
  });
});
