import { serialization } from './serialization';

describe('bench pipeline: serialization from decision timings', () => {
  it('is the waiting share of decision time, per article, with the Amdahl bound it implies', () => {
    expect(
      serialization({ decided: 100, decisionMs: 4000, lockWaitMs: 1000, lockBlockedMs: 200, staleReads: 5 }, 8),
    ).toEqual({
      decided: 100,
      decisionMsPerArticle: 40,
      lockWaitMsPerArticle: 10,
      lockBlockedMsPerArticle: 2,
      staleReadShare: 0.05,
      serializedFraction: 0.25,
      amdahlBound: 4,
      blockedFraction: 0.05,
      shareOfDedupeJobTime: 0.5,
    });
  });

  it('has no bound when nothing waited, and no fraction when nothing was decided', () => {
    expect(
      serialization({ decided: 10, decisionMs: 300, lockWaitMs: 0, lockBlockedMs: 0, staleReads: 0 }, 0),
    ).toMatchObject({
      serializedFraction: 0,
      amdahlBound: null,
      shareOfDedupeJobTime: null,
    });
    expect(
      serialization({ decided: 0, decisionMs: 0, lockWaitMs: 0, lockBlockedMs: 0, staleReads: 0 }, 1),
    ).toMatchObject({
      decisionMsPerArticle: 0,
      serializedFraction: null,
      amdahlBound: null,
    });
  });
});
