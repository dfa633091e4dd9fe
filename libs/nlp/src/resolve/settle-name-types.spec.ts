import type { MentionType } from '../ner/recognize';
import type { ResolvedMention } from './resolve-entities';
import { multiWordNames, settleNameTypes } from './settle-name-types';

/** One mention per [name key, type], in that order. */
const mentions = (items: [string, MentionType][]): ResolvedMention[] =>
  items.map(([name, type], i) => ({
    start: i * 10,
    end: i * 10 + name.length,
    text: name,
    type,
    sentence: i,
    entityKey: `${type}:${name}`,
    canonical: name,
  }));
const typesOf = (settled: ResolvedMention[]) => settled.map((m) => m.entityKey);

describe('settleNameTypes', () => {
  it('files a multi-word name under the type with most mentions, the store and the article together', () => {
    const article = mentions([
      ['marta ellison', 'ORGANIZATION'],
      ['marta ellison', 'PERSON'],
    ]);
    expect(
      typesOf(settleNameTypes(article, [{ key: 'ORGANIZATION:marta ellison', type: 'ORGANIZATION', mentions: 9 }])),
    ).toEqual(['ORGANIZATION:marta ellison', 'ORGANIZATION:marta ellison']);
  });

  it('lets an article outvote a type the store holds on less evidence', () => {
    const article = mentions([
      ['marta ellison', 'PERSON'],
      ['marta ellison', 'PERSON'],
      ['marta ellison', 'PERSON'],
    ]);
    const stored = [{ key: 'ORGANIZATION:marta ellison', type: 'ORGANIZATION' as const, mentions: 1 }];
    expect(typesOf(settleNameTypes(article, stored))).toEqual(Array(3).fill('PERSON:marta ellison'));
  });

  it("keeps the article's own type on a tie, whatever the alphabet says", () => {
    const article = mentions([['marta ellison', 'PERSON']]);
    const stored = [{ key: 'LOCATION:marta ellison', type: 'LOCATION' as const, mentions: 1 }];
    expect(typesOf(settleNameTypes(article, stored))).toEqual(['PERSON:marta ellison']);
  });

  it('counts every stored type of the name', () => {
    const article = mentions([['east harbour', 'PERSON']]);
    const stored = [
      { key: 'ORGANIZATION:east harbour', type: 'ORGANIZATION' as const, mentions: 3 },
      { key: 'LOCATION:east harbour', type: 'LOCATION' as const, mentions: 5 },
    ];
    expect(typesOf(settleNameTypes(article, stored))).toEqual(['LOCATION:east harbour']);
  });

  it('leaves one-word names under their own type', () => {
    const article = mentions([['jordan', 'PERSON']]);
    const stored = [{ key: 'LOCATION:jordan', type: 'LOCATION' as const, mentions: 50 }];
    expect(typesOf(settleNameTypes(article, stored))).toEqual(['PERSON:jordan']);
    expect(multiWordNames(article)).toEqual([]);
  });

  it('lists the multi-word names once each', () => {
    expect(
      multiWordNames(
        mentions([
          ['marta ellison', 'PERSON'],
          ['eastgate', 'LOCATION'],
          ['marta ellison', 'ORGANIZATION'],
        ]),
      ),
    ).toEqual(['marta ellison']);
  });
});
