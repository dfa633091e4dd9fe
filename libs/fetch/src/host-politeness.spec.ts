import { HostPoliteness, LocalHostSchedule } from './host-politeness';

describe('HostPoliteness', () => {
  it('spaces requests to one host and leaves other hosts alone', async () => {
    const politeness = new HostPoliteness(new LocalHostSchedule(), 4, 150);
    const started: Record<string, number[]> = { a: [], b: [] };
    const t0 = Date.now();
    await Promise.all(
      ['a', 'a', 'a', 'b'].map(async (host) => {
        const release = await politeness.enter(host);
        started[host].push(Date.now() - t0);
        release();
      }),
    );
    expect(started.a[1] - started.a[0]).toBeGreaterThanOrEqual(140);
    expect(started.a[2] - started.a[1]).toBeGreaterThanOrEqual(140);
    expect(started.b[0]).toBeLessThan(100);
  });

  it('lets at most `concurrency` requests run at one host, the rest waiting in line', async () => {
    const politeness = new HostPoliteness(new LocalHostSchedule(), 1, 0);
    const first = await politeness.enter('a');
    let secondIn = false;
    const second = politeness.enter('a').then((release) => {
      secondIn = true;
      return release;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(secondIn).toBe(false);
    expect(politeness.queueDepths().get('a')).toBe(1);
    first();
    (await second)();
    expect(secondIn).toBe(true);
    expect(politeness.queueDepths().size).toBe(0);
  });

  it('honours a crawl delay above its own, up to a minute', async () => {
    const spacings: number[] = [];
    const politeness = new HostPoliteness({ take: async (_h, ms) => void spacings.push(ms) }, 2, 1000);
    (await politeness.enter('a', 5000))();
    (await politeness.enter('a', 3_600_000))();
    (await politeness.enter('a'))();
    expect(spacings).toEqual([5000, 60_000, 1000]);
  });
});
