import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithSharedData, sharedDir } from '../../../test/support/shared-data';
import { extractEntities } from './extract';
import { loadNerModel } from './ner/model';
import { ResolvedMention } from './resolve';
import { rankStoryEntities } from './resolve/rank-story-entities';

// The five seed articles (third-party text, read from the shared folder, never copied into the repository):
// four versions of one story with different transliterations, and one related story.
const seedsDir = join(sharedDir(), 'seeds');
const describeSeeds = describeWithSharedData('seeds');

describeSeeds('entities across the seed articles', () => {
  const model = loadNerModel();
  const articles = readdirSync(seedsDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: f.slice(0, 3), text: readFileSync(join(seedsDir, f), 'utf8') }));
  const perArticle = articles.map((a) => ({ id: a.id, mentions: extractEntities(model, { text: a.text }).mentions }));
  const all: ResolvedMention[] = perArticle.flatMap((a) => a.mentions);

  /** Entity keys of the mentions whose name (title and possessive stripped) ends with one of the words. */
  const keysOf = (...words: string[]) =>
    new Set(
      all
        .filter((m) => words.some((w) => new RegExp(`(^|\\s)${w}(['’]s?)?$`).test(m.text.replace(/\s+/g, ' '))))
        .map((m) => m.entityKey),
    );
  const texts = new Set(all.map((m) => m.text));

  it('reads all five seeds', () => {
    expect(articles).toHaveLength(5);
  });

  it.each([
    [['Kyiv', 'Kiev']],
    [['Donbas', 'Donbass']],
    [['Luhansk', 'Lugansk']],
    [['Kuleba']],
    [['Kyrylenko', 'Kirilenko']],
    [['Podolyak']],
    [['Zelensky']],
  ])('mentions of %j form one entity', (words) => {
    const keys = keysOf(...words);
    expect(keys.size).toBe(1);
  });

  it('recognises each spelling of the alias groups', () => {
    for (const surface of [
      'Kyiv',
      'Kiev',
      'Donbas',
      'Donbass',
      'Luhansk',
      'Lugansk',
      'Dmytro Kuleba',
      'Dmitry Kuleba',
    ]) {
      expect([...texts].some((t) => t.includes(surface))).toBe(true);
    }
    expect([...texts].some((t) => t.includes('Kyrylenko'))).toBe(true);
    expect([...texts].some((t) => t.includes('Kirilenko'))).toBe(true);
    expect([...texts].some((t) => t.includes('Mykhaylo Podolyak'))).toBe(true);
    expect([...texts].some((t) => t.includes('Mykhailo Podolyak'))).toBe(true);
  });

  it('keeps different entities apart', () => {
    const entities = [
      'Kyiv',
      'Kharkiv',
      'Kherson',
      'Donetsk',
      'Donbas',
      'Luhansk',
      'Russia',
      'Ukraine',
      'Moscow',
      'Bucha',
      'Mariupol',
      'Zelensky',
      'Putin',
      'Kuleba',
      'Kyrylenko',
      'Podolyak',
      'Lavrov',
      'Gaiday',
      'Biden',
    ];
    const keyOf = new Map<string, string>();
    for (const e of entities) {
      const keys = all.filter((m) => m.text === e || m.canonical.endsWith(e)).map((m) => m.entityKey);
      expect([e, keys.length > 0]).toEqual([e, true]);
      keyOf.set(e, keys[0]);
    }
    expect(new Set(keyOf.values()).size).toBe(entities.length);
    expect(keyOf.get('Kharkiv')).not.toBe(keyOf.get('Kherson'));
    expect(keyOf.get('Donetsk')).not.toBe(keyOf.get('Donbas'));
  });

  it('never makes a nationality adjective an entity of its country', () => {
    const russia = keysOf('Russia');
    for (const adjective of ['Russian', 'Ukrainian', 'Russians', 'Ukrainians']) {
      const found = all.filter((m) => m.text === adjective);
      expect([adjective, found.map((m) => m.entityKey).filter((k) => russia.has(k))]).toEqual([adjective, []]);
    }
    expect(keysOf('Russia')).not.toEqual(keysOf('Ukraine'));
  });

  it('reports no newsletter slogans, months or sentence-initial verbs', () => {
    for (const noise of ['Abandon', 'Subscribe', 'Newsletter', 'Thursday', 'February', 'March', 'Leave']) {
      expect([noise, [...texts].filter((t) => t.includes(noise))]).toEqual([noise, []]);
    }
  });

  it('ranks the story entities with the main actors on top', () => {
    const story = perArticle.filter((a) => a.id !== '004');
    const ranked = rankStoryEntities(story.map((a) => ({ articleId: a.id, title: '', resolved: a.mentions })));
    const top = ranked.slice(0, 12).map((r) => r.canonical);
    expect(top).toEqual(expect.arrayContaining(['Ukraine', 'Russia', 'Dmytro Kuleba', 'Vladimir Putin']));
    const kuleba = ranked.find((r) => r.canonical === 'Dmytro Kuleba');
    expect(kuleba?.articles).toBe(4);
  });
});
