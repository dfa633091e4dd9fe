import { contentTerms, extractFeatures } from './article-features';
import { isLikelyName } from './weighted-article';

describe('contentTerms', () => {
  it('drops function words, keeps numbers, folds spelling and stems', () => {
    expect(contentTerms('The armoured vehicles were hit in 2022 by the rockets')).toEqual([
      'armor',
      'vehicle',
      'hit',
      '2022',
      'rocket',
    ]);
  });

  it('cuts Chinese and Japanese into dictionary words, and names the dictionary lacks into character pairs', () => {
    expect(contentTerms('东港跨海大桥周二恢复通车')).toEqual(['东港', '跨海大桥', '周二', '恢复', '通车']);
    expect(contentTerms('東京都は新しい橋の開通を発表した')).toEqual(
      expect.arrayContaining(['東京', '新しい', '開通', '発表']),
    );
    expect(contentTerms('G20峰会')).toEqual(['g20', '峰会']);
  });

  it('leaves out tokens too long to be words (hashes, blobs), as terms and as names', () => {
    const hash = `X${'a'.repeat(3000)}`;
    expect(contentTerms(`Court ruled ${hash} harbour`)).toEqual(['court', 'rule', 'harbor']);
    const features = extractFeatures({ title: null, body: `The court in Riverton heard ${hash} on Monday.` });
    expect([...features.entities.keys()].some((k) => k.length > 64)).toBe(false);
    expect([...features.terms.keys()].some((k) => k.length > 64)).toBe(false);
  });
});

describe('extractFeatures', () => {
  it('boosts headline terms and keys names by their spelling-variant key', () => {
    const features = extractFeatures({
      title: 'Kuleba asks NATO for weapons',
      body: 'Foreign Minister Dmytro Kuleba met officials in Kiev. Later in Kyiv the minister repeated the call.',
    });
    expect(features.terms.get('weapon')).toBe(3);
    expect(features.titleTerms).toEqual(new Set(['kuleba', 'ask', 'nato', 'weapon']));
    // Kiev and Kyiv fold to one entity key; Kuleba is named in the body and (uncertainly) opens the headline.
    const kyiv = [...features.entities].find(([key]) => key.startsWith('k') && key !== 'kuleba');
    expect(kyiv?.[1]).toBe(2);
    expect(features.entities.get('kuleba')).toBe(2);
  });

  it('counts the terms of the lead, the first two sentences of the body, as much as the headline', () => {
    const features = extractFeatures({
      title: "It's about time",
      body: 'The U.S. Navy sank a drifting barge. Divers found it rusting.\n\nThe barge had drifted into the harbour.',
    });
    // "U.S." does not end the first sentence; the third sentence is past the lead.
    expect(features.terms.get('navy')).toBe(3);
    expect(features.terms.get('diver')).toBe(3);
    expect(features.terms.get('barge')).toBe(3 + 1);
    expect(features.terms.get('harbor')).toBe(1);
  });

  it('holds back capitalised sentence openers and Title Case lines as uncertain names', () => {
    const features = extractFeatures({
      title: 'Storm Hits Port Alder Harbour Overnight',
      body: 'Officials said the storm hit Port Alder at night.',
    });
    expect([...features.uncertainEntities.keys()].length).toBeGreaterThan(0);
    expect(features.entities.has('alder')).toBe(true);
  });
});

describe('isLikelyName', () => {
  it('rejects a word common as a term and rarely an entity, accepts rare words', () => {
    expect(isLikelyName(200, 3, 1000)).toBe(false);
    expect(isLikelyName(200, 150, 1000)).toBe(true);
    expect(isLikelyName(1, 0, 1000)).toBe(true);
  });
});
