import { fingerprintText } from '@storyline/text';
import { InMemorySyndicationIndex } from './memory-syndication-index';
import { SyndicationDetector } from './syndication-detector';
import { HARBOUR_STORM, HARBOUR_STORM_REWRITE, MUSEUM_THEFT } from './testing/fictional-articles';

const ORIGINAL = HARBOUR_STORM.join('\n\n');

function detector(): SyndicationDetector {
  return new SyndicationDetector(new InMemorySyndicationIndex());
}

describe('SyndicationDetector', () => {
  it('makes the first article of a group its own canonical', async () => {
    const result = await detector().process('a', fingerprintText(ORIGINAL));
    expect(result).toMatchObject({ canonicalId: 'a', link: null, repointed: [], exactDuplicateOf: null });
  });

  it.each([
    ['truncated', HARBOUR_STORM.slice(0, 3).join('\n\n')],
    ['re-wrapped', ORIGINAL.replace(/(.{50,70}) /g, '$1\n')],
    ['re-spelled', ORIGINAL.replace(/harbour/g, 'harbor').replace(/neighbouring/g, 'neighboring')],
    [
      'captioned and footed',
      `Boats in Port Alder. Photo: Staff\n\nPORT ALDER (Wire) - ${ORIGINAL}\n\nFollow our coverage at example.org`,
    ],
    ['a sentence dropped', [HARBOUR_STORM[0], ...HARBOUR_STORM.slice(2)].join('\n\n')],
    ['a sentence edited', ORIGINAL.replace('at a cost of three million', 'for a sum of about three million euros')],
  ])('links a %s copy and the original', async (_kind, copy) => {
    const d = detector();
    await d.process('original', fingerprintText(ORIGINAL));
    const result = await d.process('copy', fingerprintText(copy));
    // The longer of the two is canonical: a copy with additions takes over and the original is re-pointed.
    const link = result.link ?? result.repointed[0];
    expect([link.copyId, link.canonicalId].sort()).toEqual(['copy', 'original']);
    expect(link.containment).toBeGreaterThan(0.5);
  });

  it('links a Chinese copy with one sentence dropped, and not an independent Chinese report', async () => {
    const sentences = [
      '东港市政府周二宣布，经过六个月的修复，跨海大桥重新向车辆开放。',
      '市长李明在通车仪式上表示，大桥的升降段已经全部更换。',
      '工程共耗资三千万元，由本地三家公司承建。',
      '交通部门预计，大桥通车后市中心的拥堵将明显缓解。',
      '部分居民仍对施工期间的噪音表示不满。',
    ];
    const d = detector();
    await d.process('original', fingerprintText(sentences.join('')));
    const copy = await d.process('copy', fingerprintText([...sentences.slice(0, 2), ...sentences.slice(3)].join('')));
    expect(copy.link).toMatchObject({ copyId: 'copy', canonicalId: 'original' });
    const report = await d.process(
      'report',
      fingerprintText(
        '经过半年维修，东港跨海大桥周二恢复通车。李明市长说，工程人员更换了大桥的升降段，交通拥堵问题将得到缓解。',
      ),
    );
    expect(report.link).toBeNull();
  });

  it('does not link an independent report of the same event, nor another story', async () => {
    const d = detector();
    await d.process('original', fingerprintText(ORIGINAL));
    expect((await d.process('rewrite', fingerprintText(HARBOUR_STORM_REWRITE.join('\n')))).link).toBeNull();
    expect((await d.process('other', fingerprintText(MUSEUM_THEFT.join('\n')))).link).toBeNull();
  });

  it('reports an exact duplicate so later stages can reuse its results', async () => {
    const d = detector();
    await d.process('a', fingerprintText(ORIGINAL));
    const result = await d.process('b', fingerprintText(ORIGINAL.toUpperCase()));
    expect(result.exactDuplicateOf).toBe('a');
    expect(result.link).toMatchObject({ canonicalId: 'a', kind: 'exact', jaccard: 1, containment: 1 });
  });

  it('re-points the group when a more complete version arrives after a shorter canonical', async () => {
    const d = detector();
    await d.process('short', fingerprintText(HARBOUR_STORM.slice(0, 3).join('\n')));
    await d.process('shorter', fingerprintText(HARBOUR_STORM.slice(0, 2).join('\n')));
    const result = await d.process('full', fingerprintText(ORIGINAL));
    expect(result.canonicalId).toBe('full');
    expect(result.link).toBeNull();
    expect(result.repointed.map((l) => [l.copyId, l.canonicalId, l.containment]).sort()).toEqual([
      ['short', 'full', 1],
      ['shorter', 'full', 1],
    ]);
    // A later copy joins the new canonical.
    const later = await d.process('later', fingerprintText(HARBOUR_STORM.slice(0, 4).join('\n')));
    expect(later.link?.canonicalId).toBe('full');
  });
});
