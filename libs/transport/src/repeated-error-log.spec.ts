import { RepeatedErrorLog } from './repeated-error-log';

describe('RepeatedErrorLog', () => {
  it('writes a message once per interval, then says how many were left out', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RepeatedErrorLog(
      (m) => lines.push(m),
      30_000,
      () => now,
    );
    log.error('Queue "normalize": connect ECONNREFUSED');
    for (now = 100; now < 30_000; now += 100) log.error('Queue "normalize": connect ECONNREFUSED');
    log.error('Queue "dedupe": connect ECONNREFUSED');
    now = 30_000;
    log.error('Queue "normalize": connect ECONNREFUSED');
    expect(lines).toEqual([
      'Queue "normalize": connect ECONNREFUSED',
      'Queue "dedupe": connect ECONNREFUSED',
      'Queue "normalize": connect ECONNREFUSED (299 more like it since the last)',
    ]);
  });
});
