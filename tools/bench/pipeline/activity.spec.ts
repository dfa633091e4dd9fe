import { ActivityTally, classify } from './activity';

const row = (state: string | null, waitEventType: string | null, waitEvent: string | null, backends: number) => ({
  state,
  waitEventType,
  waitEvent,
  backends,
});

describe('bench pipeline: dedupe backend activity', () => {
  it('classifies lock waits by wait_event, other waits as running, and idle in transaction apart', () => {
    expect(classify(row('active', 'Lock', 'advisory', 1))).toBe('lock: advisory');
    expect(classify(row('active', 'Lock', 'transactionid', 1))).toBe('lock: transactionid');
    expect(classify(row('active', 'LWLock', 'WALWrite', 1))).toBe('active, not waiting for a lock');
    expect(classify(row('active', null, null, 1))).toBe('active, not waiting for a lock');
    expect(classify(row('idle in transaction', 'Client', 'ClientRead', 1))).toBe('idle in transaction');
    expect(classify(row('idle in transaction (aborted)', 'Client', 'ClientRead', 1))).toBe('idle in transaction');
    expect(classify(row('idle', 'Client', 'ClientRead', 1))).toBe('idle');
  });

  it('gives mean backends per state and shares of the busy backend-samples (idle ones left out)', () => {
    const tally = new ActivityTally(100);
    tally.add([row('active', 'Lock', 'advisory', 1), row('idle in transaction', 'Client', 'ClientRead', 1)]);
    tally.add([row('active', null, null, 1), row('idle', 'Client', 'ClientRead', 5)]);
    tally.add([]);
    tally.add([row('active', 'Lock', 'relation', 1)]);
    const s = tally.summary();
    expect(s).toMatchObject({ samples: 4, intervalMs: 100, meanBackends: 2.25, meanBusy: 1, anyLockWaitShare: 0.5 });
    expect(s.states.map((x) => [x.state, x.meanBackends, x.shareOfBusy])).toEqual([
      ['lock: advisory', 0.25, 0.25],
      ['lock: transactionid', 0, 0],
      ['lock: tuple', 0, 0],
      ['active, not waiting for a lock', 0.25, 0.25],
      ['idle in transaction', 0.25, 0.25],
      ['lock: relation', 0.25, 0.25],
    ]);
  });
});
