import { HostPoliteness, HostSchedule, HostTurn, LocalHostSchedule } from './host-politeness';

function released(turn: HostTurn): () => void {
  if (!('release' in turn)) throw new Error(`held off for ${turn.heldOffMs} ms`);
  return turn.release;
}

describe('HostPoliteness', () => {
  it('spaces requests to one host and leaves other hosts alone', async () => {
    const politeness = new HostPoliteness(new LocalHostSchedule(), 4, 150);
    const started: Record<string, number[]> = { a: [], b: [] };
    const t0 = Date.now();
    await Promise.all(
      ['a', 'a', 'a', 'b'].map(async (host) => {
        const release = released(await politeness.enter(host));
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
    const first = released(await politeness.enter('a'));
    let secondIn = false;
    const second = politeness.enter('a').then((turn) => {
      secondIn = true;
      return released(turn);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(secondIn).toBe(false);
    expect(politeness.queueDepths().get('a')).toBe(1);
    first();
    (await second)();
    expect(secondIn).toBe(true);
    expect(politeness.queueDepths().size).toBe(0);
  });

  it('counts a request waiting for a slot shared with other workers, and gives the slot back', async () => {
    let free: () => void = () => undefined;
    const shared = new Promise<void>((resolve) => (free = resolve));
    let given = 0;
    const schedule: HostSchedule = {
      occupy: async () => {
        await shared;
        return () => void given--;
      },
      take: async () => 0,
      holdOff: async () => undefined,
      heldOff: async () => 0,
    };
    const politeness = new HostPoliteness(schedule, 2, 0);
    const entering = politeness.enter('a');
    await new Promise((r) => setTimeout(r, 10));
    expect(politeness.queueDepths().get('a')).toBe(1);
    given = 1;
    free();
    released(await entering)();
    expect(given).toBe(0);
    expect(politeness.queueDepths().size).toBe(0);
  });

  it('honours a crawl delay above its own, up to a minute', async () => {
    const spacings: number[] = [];
    const local = new LocalHostSchedule();
    const schedule: HostSchedule = {
      occupy: () => local.occupy(),
      take: async (_h, ms) => spacings.push(ms) && 0,
      holdOff: (h, ms) => local.holdOff(h, ms),
      heldOff: (h) => local.heldOff(h),
    };
    const politeness = new HostPoliteness(schedule, 2, 1000);
    released(await politeness.enter('a', 5000))();
    released(await politeness.enter('a', 3_600_000))();
    released(await politeness.enter('a'))();
    expect(spacings).toEqual([5000, 60_000, 1000]);
  });

  it('gives no turn at a host held off by a Retry-After, only the time left, and frees its place', async () => {
    const politeness = new HostPoliteness(new LocalHostSchedule(), 1, 0);
    await politeness.holdOff('a', 2000);
    const turn = await politeness.enter('a');
    expect('heldOffMs' in turn && turn.heldOffMs).toBeGreaterThan(1900);
    expect(await politeness.heldOff('b')).toBe(0);
    released(await politeness.enter('b'))();
    // The held-off request left its slot: with a concurrency of one, the host is not blocked by it.
    expect(politeness.queueDepths().size).toBe(0);
    await politeness.holdOff('a', 500); // a shorter hold does not shorten the longer one
    expect(await politeness.heldOff('a')).toBeGreaterThan(1500);
  });

  it('gives the time left instead of a turn when the host is held off while the request waits for its spacing', async () => {
    const schedule = new LocalHostSchedule();
    const politeness = new HostPoliteness(schedule, 2, 100);
    const first = released(await politeness.enter('a'));
    const second = politeness.enter('a');
    await new Promise((r) => setTimeout(r, 30)); // waiting for the spacing now
    await politeness.holdOff('a', 1000);
    first();
    const turn = await second;
    expect('heldOffMs' in turn && turn.heldOffMs).toBeGreaterThan(800);
  });

  it('caps a Retry-After at a day', async () => {
    const holds: number[] = [];
    const schedule: HostSchedule = {
      occupy: async () => () => undefined,
      take: async () => 0,
      holdOff: async (_h, ms) => void holds.push(ms),
      heldOff: async () => 0,
    };
    const politeness = new HostPoliteness(schedule, 1, 0);
    await politeness.holdOff('a', 30 * 86_400_000);
    expect(holds).toEqual([86_400_000]);
  });
});
