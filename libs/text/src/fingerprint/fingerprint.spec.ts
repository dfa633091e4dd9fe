import { bandKeys } from './lsh';
import { fingerprintBandKeys, fingerprintText, overlap } from './fingerprint';
import { estimateContainment, estimateJaccard, minhashSignature } from './minhash';
import { deserializeFingerprint, serializeFingerprint } from './serialize';
import { intersectionSize, shingleHashes } from './shingles';

// Fictional text written for these tests.
const PARAGRAPHS = [
  'The harbour authority of Port Alder said on Tuesday that the northern breakwater had failed during the storm, flooding the fish market and forcing the evacuation of forty families from the quay.',
  'Engineers from the regional water board arrived before dawn and began pumping seawater out of the market hall, which the town council had renovated only two years ago at a cost of three million.',
  'Mayor Ilse Brandt told reporters that the council would ask the national government for emergency funds and that the market would stay closed at least until the end of the month.',
  'Fishermen who moor their boats inside the breakwater were told to move them to the neighbouring harbour of Wendel Bay, where the coastguard has set up a temporary berth for forty vessels.',
  'The storm, the strongest to hit the coast in a decade, also brought down power lines across the peninsula, leaving about twelve thousand homes without electricity for most of the night.',
];
const ARTICLE = PARAGRAPHS.join('\n\n');

describe('shingles', () => {
  it('are sorted, distinct, and one per window of five words', () => {
    const s = shingleHashes(['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'c', 'd', 'e']);
    expect(s.length).toBe(6); // windows 0..6, the last equal to the first
    expect([...s]).toEqual([...s].sort((x, y) => x - y));
  });

  it('give a short text a single shingle', () => {
    expect(shingleHashes(['stocks', 'fall']).length).toBe(1);
    expect(shingleHashes([]).length).toBe(0);
  });

  it('intersect by merge', () => {
    expect(intersectionSize(Uint32Array.from([1, 3, 5, 7]), Uint32Array.from([2, 3, 7, 9]))).toBe(2);
  });
});

describe('minhash', () => {
  it('estimates Jaccard within a few hundredths', () => {
    const a = Uint32Array.from({ length: 2000 }, (_, i) => i * 7919);
    const b = Uint32Array.from({ length: 2000 }, (_, i) => (i + 1000) * 7919); // 1000 shared of 3000
    const j = estimateJaccard(minhashSignature(a), minhashSignature(b));
    expect(j).toBeGreaterThan(1 / 3 - 0.12);
    expect(j).toBeLessThan(1 / 3 + 0.12);
    expect(estimateContainment(1 / 3, 2000, 2000)).toBeCloseTo(0.5, 5);
  });

  it('is deterministic across calls', () => {
    const s = shingleHashes(ARTICLE.split(' '));
    expect([...minhashSignature(s)]).toEqual([...minhashSignature(s)]);
  });
});

describe('fingerprint', () => {
  const original = fingerprintText(ARTICLE);

  it('sees a truncated copy as contained although Jaccard is low', () => {
    const truncated = fingerprintText(PARAGRAPHS.slice(0, 2).join('\n'));
    const o = overlap(truncated, original);
    expect(o.containment).toBe(1);
    expect(o.jaccard).toBeLessThan(0.5);
  });

  it('is unchanged by re-wrapping and UK/US re-spelling', () => {
    const respelled = ARTICLE.replace(/harbour/g, 'harbor').replace(/neighbouring/g, 'neighboring');
    const rewrapped = respelled.replace(/(.{60}) /g, '$1\n');
    expect(fingerprintText(rewrapped).contentHash).toBe(original.contentHash);
  });

  it('shares LSH band keys with a truncated copy, not with an unrelated text', () => {
    const keys = new Set(fingerprintBandKeys(original));
    const copyKeys = fingerprintBandKeys(fingerprintText(PARAGRAPHS.slice(0, 2).join(' ')));
    const otherKeys = fingerprintBandKeys(
      fingerprintText(
        'A completely different text about the price of wheat futures in the spring trading season and what analysts expect for the summer harvest.',
      ),
    );
    expect(copyKeys.some((k) => keys.has(k))).toBe(true);
    expect(otherKeys.some((k) => keys.has(k))).toBe(false);
    expect(copyKeys.every((k) => /^[fl][0-9a-z]+:[0-9a-f]{8}$/.test(k))).toBe(true);
  });

  it('rejects a signature too short for the banding', () => {
    expect(() => bandKeys(new Uint32Array(10))).toThrow(/too short/);
  });

  it('round-trips through JSON', () => {
    const back = deserializeFingerprint(JSON.parse(JSON.stringify(serializeFingerprint(original))));
    expect(back).toEqual(original);
  });
});
