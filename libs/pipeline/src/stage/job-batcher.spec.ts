import { JobBatcher, outcomeOf } from './job-batcher';

describe('JobBatcher', () => {
  it('runs a full batch at once and gives each job its own outcome', async () => {
    const batches: number[][] = [];
    const batcher = new JobBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return Promise.all(
          items.map((n) =>
            outcomeOf(() => {
              if (n === 2) throw new Error('two is refused');
              return n * 10;
            }),
          ),
        );
      },
      { maxSize: 3, windowMs: 60_000 },
    );
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2), batcher.add(3)]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: new Error('two is refused') },
      { status: 'fulfilled', value: 30 },
    ]);
  });

  it('runs a lone job when the window closes, and starts a new batch after', async () => {
    const batches: string[][] = [];
    const batcher = new JobBatcher<string, string>(
      async (items) => {
        batches.push(items);
        return items.map((value) => ({ ok: true, value }));
      },
      { maxSize: 10, windowMs: 5 },
    );
    await expect(batcher.add('a')).resolves.toBe('a');
    await expect(Promise.all([batcher.add('b'), batcher.add('c')])).resolves.toEqual(['b', 'c']);
    expect(batches).toEqual([['a'], ['b', 'c']]);
  });

  it('fails every job of a batch whose handler throws', async () => {
    const batcher = new JobBatcher<number, number>(
      async () => {
        throw new Error('Postgres is gone');
      },
      { maxSize: 2, windowMs: 5 },
    );
    const results = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('fails every job when the handler answers for fewer items than it was given', async () => {
    const batcher = new JobBatcher<number, number>(async () => [{ ok: true, value: 1 }], {
      maxSize: 2,
      windowMs: 5,
    });
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('a batch of 2 came back with 1');
  });
});
