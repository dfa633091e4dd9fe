import type { Mention, MentionType } from '../ner/recognize';
import { rankStoryEntities } from './rank-story-entities';
import { resolveEntities } from './resolve-entities';
import { cleanSurface, initials, isAcronym } from './surface';

/** Mentions of the given surfaces, located in order in the text. */
function mentionsIn(text: string, items: [string, MentionType][]): Mention[] {
  let from = 0;
  return items.map(([surface, type]) => {
    const start = text.indexOf(surface, from);
    if (start < 0) throw new Error(`${surface} not in text`);
    from = start + surface.length;
    return { start, end: from, text: surface, type, sentence: 0 };
  });
}

describe('cleanSurface', () => {
  it.each([
    ['Foreign Minister Dmytro Kuleba', 'PERSON', 'Dmytro Kuleba'],
    ['Ukrainian President Volodymyr Zelensky', 'PERSON', 'Volodymyr Zelensky'],
    ['Mr Zelensky', 'PERSON', 'Zelensky'],
    ['Prime Minister Victor Orban', 'PERSON', 'Victor Orban'],
    ["Kyiv's", 'LOCATION', 'Kyiv'],
    ['Donbas’s', 'LOCATION', 'Donbas'],
    ['the Kremlin', 'ORGANIZATION', 'Kremlin'],
    ['Sergiy\nGaiday', 'PERSON', 'Sergiy Gaiday'],
    ['U.S.', 'LOCATION', 'U.S.'],
    ['President', 'PERSON', 'President'],
  ] as [string, MentionType, string][])('%s (%s) → %s', (text, type, expected) => {
    expect(cleanSurface(text, type)).toBe(expected);
  });
});

describe('acronyms', () => {
  it('recognises acronyms and computes initials of long forms', () => {
    expect(['EU', 'U.S.', 'NATO', 'UN'].every(isAcronym)).toBe(true);
    expect(['Kyiv', 'E', 'Nato'].some(isAcronym)).toBe(false);
    expect(initials('European Union')).toBe('EU');
    expect(initials('Bank of England')).toBe('BE');
  });
});

describe('resolveEntities', () => {
  it('leaves out a mention with nothing to key it by, or too long to be a name', () => {
    const long = `X${'a'.repeat(300)}`;
    const text = `Officials in Riverton and ${long} met -- in Москва.`;
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Riverton', 'LOCATION'],
        [long, 'PERSON'],
        ['--', 'ORGANIZATION'],
        ['Москва', 'LOCATION'],
      ]),
      text,
    );
    expect(resolved.map((m) => m.entityKey)).toEqual(['LOCATION:riverton', 'LOCATION:москва']);
  });

  it('strips titles and folds possessives into one entity', () => {
    const text = "Foreign Minister Dmytro Kuleba spoke. Dmytro Kuleba's plea was heard.";
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Foreign Minister Dmytro Kuleba', 'PERSON'],
        ["Dmytro Kuleba's", 'PERSON'],
      ]),
      text,
    );
    expect(new Set(resolved.map((m) => m.entityKey)).size).toBe(1);
    expect(resolved.map((m) => m.canonical)).toEqual(['Dmytro Kuleba', 'Dmytro Kuleba']);
  });

  it('resolves a surname to the full name in the article, even when the tagger typed it otherwise', () => {
    const text = 'Dmytro Kuleba urged NATO. Kuleba said so. Mr Kuleba left. Kuleba arrived.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Dmytro Kuleba', 'PERSON'],
        ['NATO', 'ORGANIZATION'],
        ['Kuleba', 'PERSON'],
        ['Mr Kuleba', 'PERSON'],
        ['Kuleba', 'ORGANIZATION'],
      ]),
      text,
    );
    const kuleba = resolved.filter((m) => m.text.includes('Kuleba'));
    expect(new Set(kuleba.map((m) => m.entityKey))).toEqual(new Set([kuleba[0].entityKey]));
    expect(kuleba.every((m) => m.canonical === 'Dmytro Kuleba' && m.type === 'PERSON')).toBe(true);
  });

  it('keeps a full name of a city and of its team apart, but joins a stray reading of a known place to it', () => {
    const text = 'NEW YORK. New York beat Chicago. New York lost. Donbas held. Fighting in Donbas. Donbas fell.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['NEW YORK', 'LOCATION'],
        ['New York', 'ORGANIZATION'],
        ['Chicago', 'ORGANIZATION'],
        ['New York', 'ORGANIZATION'],
        ['Donbas', 'LOCATION'],
        ['Donbas', 'ORGANIZATION'],
        ['Donbas', 'LOCATION'],
      ]),
      text,
    );
    expect(resolved.map((m) => m.type)).toEqual([
      'LOCATION',
      'ORGANIZATION',
      'ORGANIZATION',
      'ORGANIZATION',
      'LOCATION',
      'LOCATION',
      'LOCATION',
    ]);
  });

  it('gives a name in the title the type its body mentions have', () => {
    const title = 'Eastgate bridge reopens';
    const text = `${title}\n\nThe bridge in Eastgate reopened. Traffic in Eastgate is back.`;
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Eastgate', 'ORGANIZATION'],
        ['Eastgate', 'LOCATION'],
        ['Eastgate', 'LOCATION'],
      ]),
      text,
      title,
    );
    expect(resolved.map((m) => m.type)).toEqual(['LOCATION', 'LOCATION', 'LOCATION']);
  });

  it('leaves out a bare organisation head noun when the article gives a full name ending with it', () => {
    const text =
      'The Food and Allied Workers Union called a strike. Union steward Ann Lee spoke. The Union of Europe met.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Food and Allied Workers Union', 'ORGANIZATION'],
        ['Union', 'ORGANIZATION'],
        ['Ann Lee', 'PERSON'],
      ]),
      text,
    );
    expect(resolved.map((m) => m.text)).toEqual(['Food and Allied Workers Union', 'Ann Lee']);
    const alone = resolveEntities(mentionsIn('Union said no.', [['Union', 'ORGANIZATION']]), 'Union said no.');
    expect(alone.map((m) => m.text)).toEqual(['Union']);
  });

  it('does not resolve a first name alone or a known place to a person', () => {
    const text = 'Volodymyr Zelensky spoke. Volodymyr, 38, fled. George Washington was born. Washington reacted.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Volodymyr Zelensky', 'PERSON'],
        ['Volodymyr', 'PERSON'],
        ['George Washington', 'PERSON'],
        ['Washington', 'LOCATION'],
      ]),
      text,
    );
    expect(resolved[1].entityKey).not.toBe(resolved[0].entityKey);
    expect(resolved[3].type).toBe('LOCATION');
  });

  it('matches acronyms with long forms in the article, and known acronyms across articles', () => {
    const text = 'The European Union and the United Nations met. The EU and the UN agreed; U.S. officials too.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['European Union', 'ORGANIZATION'],
        ['United Nations', 'ORGANIZATION'],
        ['EU', 'ORGANIZATION'],
        ['UN', 'ORGANIZATION'],
        ['U.S.', 'LOCATION'],
      ]),
      text,
    );
    expect(resolved[2].entityKey).toBe(resolved[0].entityKey);
    expect(resolved[3].entityKey).toBe(resolved[1].entityKey);
    expect(resolved[2].canonical).toBe('European Union');
    const elsewhere = 'Talks with the United States went on.';
    const [us] = resolveEntities(mentionsIn(elsewhere, [['United States', 'LOCATION']]), elsewhere);
    expect(resolved[4].entityKey).toBe(us.entityKey);
  });

  it('uses acronyms defined in parentheses', () => {
    const text = 'The Armed Forces of Ukraine (AFU) said the AFU held the line.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['AFU', 'ORGANIZATION'],
        ['AFU', 'ORGANIZATION'],
      ]),
      text,
    );
    expect(resolved[0].entityKey).toBe('ORGANIZATION:armed forces of ukraine');
  });

  it('folds spelling variants into one key and keeps different entities apart', () => {
    const text = 'Kyiv and Kiev; Kharkiv and Kherson; Russia.';
    const resolved = resolveEntities(
      mentionsIn(text, [
        ['Kyiv', 'LOCATION'],
        ['Kiev', 'LOCATION'],
        ['Kharkiv', 'LOCATION'],
        ['Kherson', 'LOCATION'],
        ['Russia', 'LOCATION'],
      ]),
      text,
    );
    expect(resolved[0].entityKey).toBe(resolved[1].entityKey);
    expect(resolved[2].entityKey).not.toBe(resolved[3].entityKey);
    expect(resolved[1].canonical).toBe(resolved[0].canonical);
  });
});

describe('rankStoryEntities', () => {
  it('merges surname-only articles, counts articles and titles, and ranks by salience', () => {
    const a = 'Kuleba in Brussels\n\nDmytro Kuleba urged NATO in Brussels.';
    const b = 'NATO meets\n\nKuleba asked NATO for weapons.';
    const ra = resolveEntities(
      mentionsIn(a, [
        ['Kuleba', 'PERSON'],
        ['Brussels', 'LOCATION'],
        ['Dmytro Kuleba', 'PERSON'],
        ['NATO', 'ORGANIZATION'],
        ['Brussels', 'LOCATION'],
      ]),
      a,
      'Kuleba in Brussels',
    );
    const rb = resolveEntities(
      mentionsIn(b, [
        ['NATO', 'ORGANIZATION'],
        ['Kuleba', 'PERSON'],
        ['NATO', 'ORGANIZATION'],
      ]),
      b,
      'NATO meets',
    );
    const ranked = rankStoryEntities([
      { articleId: 'a', title: 'Kuleba in Brussels', resolved: ra },
      { articleId: 'b', title: 'NATO meets', resolved: rb },
    ]);
    const kuleba = ranked.find((r) => r.canonical === 'Dmytro Kuleba');
    expect(kuleba).toMatchObject({ type: 'PERSON', mentions: 3, articles: 2, inTitle: true });
    expect(ranked.map((r) => r.canonical)).toEqual(['NATO', 'Dmytro Kuleba', 'Brussels']);
    expect(ranked[0].salience).toBeGreaterThan(ranked[2].salience);
  });
});
