import { setTimeout as sleep } from 'node:timers/promises';
import { createRedisConnection, deleteKeysWithPrefix, RedisClient } from '@storyline/transport';
import { RedisHostSchedule } from './redis-host-schedule';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisHostSchedule (two workers, one Redis)', () => {
  const prefix = `test-host-schedule-${process.pid}-${Date.now()}`;
  let one: RedisClient;
  let two: RedisClient;
  let workers: RedisHostSchedule[];

  beforeAll(async () => {
    one = createRedisConnection(REDIS_URL);
    two = createRedisConnection(REDIS_URL);
    // Connected before the timings start: a first command waits for its connection.
    await Promise.all([one.ping(), two.ping()]);
    workers = [new RedisHostSchedule(one, prefix), new RedisHostSchedule(two, prefix)];
  });

  afterAll(async () => {
    await deleteKeysWithPrefix(one, prefix);
    one.disconnect();
    two.disconnect();
  });

  it('keeps the open requests to a host within the limit across both', async () => {
    let open = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const release = await workers[i % 2].occupy('slow.example', 2);
        most = Math.max(most, ++open);
        await sleep(100);
        open--;
        release();
      }),
    );
    expect(most).toBe(2);
  });

  it('lets the workers in by arrival: one that just finished does not take the host from the other', async () => {
    const order: string[] = [];
    const held = await workers[0].occupy('fair.example', 1);
    const other = workers[1].occupy('fair.example', 1).then((release) => (order.push('second worker'), release));
    await sleep(100);
    const again = workers[0].occupy('fair.example', 1).then((release) => (order.push('first worker'), release));
    await sleep(100);
    held();
    (await other)();
    (await again)();
    expect(order).toEqual(['second worker', 'first worker']);
  });

  it('leaves other hosts alone', async () => {
    const held = await workers[0].occupy('a.example', 1);
    const started = Date.now();
    (await workers[1].occupy('b.example', 1))();
    expect(Date.now() - started).toBeLessThan(200);
    held();
  });

  it('shares a Retry-After hold, the longer one winning', async () => {
    await workers[0].holdOff('busy.example', 1500);
    await workers[1].holdOff('busy.example', 200);
    expect(await workers[1].heldOff('busy.example')).toBeGreaterThan(1300);
    expect(await workers[1].heldOff('calm.example')).toBe(0);
    // No turn while held, only the time left; a host not held gives its turn, then the next after the spacing.
    expect(await workers[0].take('busy.example', 100)).toBeGreaterThan(1000);
    expect(await workers[0].take('calm.example', 100)).toBe(0);
    const started = Date.now();
    expect(await workers[1].take('calm.example', 100)).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });

  it("frees the slot of a worker that died holding it once its lease ends, and a dead waiter's place", async () => {
    // A lease that ended and a place in line nobody asks for any more, as a killed worker leaves them.
    const open = `${prefix}:fetch-host-open:gone.example`;
    await one.zadd(open, Date.now() - 1000, 'dead-worker-request');
    await one.zadd(`${prefix}:fetch-host-line:gone.example`, 0, 'dead-waiter');
    await one.zadd(`${prefix}:fetch-host-asked:gone.example`, 0, 'dead-waiter');
    const started = Date.now();
    (await workers[1].occupy('gone.example', 1))();
    expect(Date.now() - started).toBeLessThan(200);
  });
});
