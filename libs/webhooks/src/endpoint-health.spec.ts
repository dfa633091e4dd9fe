import { DEFAULT_DISABLE_AFTER_MS, endpointDisableDecision, nextFailingSince } from './endpoint-health';

const DAY = 86_400_000;
const now = new Date('2026-11-21T06:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('endpointDisableDecision', () => {
  it('keeps a healthy endpoint', () => {
    expect(endpointDisableDecision({ failingSince: null, now })).toEqual({ disable: false, reason: null });
  });

  it('keeps an endpoint failing for less than the period', () => {
    expect(endpointDisableDecision({ failingSince: ago(4 * DAY), now }).disable).toBe(false);
  });

  it('disables after 5 days of continuous failure by default, with the reason', () => {
    const d = endpointDisableDecision({
      failingSince: ago(5 * DAY + 3_600_000),
      now,
      lastOutcome: { classification: 'retry', statusCode: 503, error: 'HTTP 503 Service Unavailable' },
    });
    expect(DEFAULT_DISABLE_AFTER_MS).toBe(5 * DAY);
    expect(d.disable).toBe(true);
    expect(d.reason).toBe(
      'endpoint failing continuously since 2026-11-16T05:00:00.000Z (5d1h, limit 5d); last error: HTTP 503 Service Unavailable',
    );
  });

  it('disables exactly at the boundary', () => {
    expect(endpointDisableDecision({ failingSince: ago(5 * DAY), now }).disable).toBe(true);
  });

  it('honours a configured period (tests run it in seconds)', () => {
    expect(endpointDisableDecision({ failingSince: ago(3_000), now, disableAfterMs: 2_000 }).disable).toBe(true);
    expect(endpointDisableDecision({ failingSince: ago(1_000), now, disableAfterMs: 2_000 }).disable).toBe(false);
  });

  it('a success right now never disables, whatever failingSince says', () => {
    const d = endpointDisableDecision({
      failingSince: ago(30 * DAY),
      now,
      lastOutcome: { classification: 'delivered', statusCode: 200, error: null },
    });
    expect(d.disable).toBe(false);
  });

  it('410 Gone disables immediately', () => {
    const d = endpointDisableDecision({
      failingSince: null,
      now,
      lastOutcome: { classification: 'disable', statusCode: 410, error: 'HTTP 410 Gone' },
    });
    expect(d).toEqual({ disable: true, reason: 'endpoint returned 410 Gone at 2026-11-21T06:00:00.000Z' });
  });

  it('rejects a negative period', () => {
    expect(() => endpointDisableDecision({ failingSince: null, disableAfterMs: -1 })).toThrow(RangeError);
  });
});

describe('nextFailingSince', () => {
  it('a delivery clears it', () => {
    expect(nextFailingSince(ago(DAY), { classification: 'delivered' }, now)).toBeNull();
  });

  it('the first failure starts it, later failures keep it', () => {
    expect(nextFailingSince(null, { classification: 'retry' }, now)).toEqual(now);
    expect(nextFailingSince(ago(DAY), { classification: 'retry' }, now)).toEqual(ago(DAY));
    expect(nextFailingSince(null, { classification: 'refused' }, now)).toEqual(now);
  });
});
