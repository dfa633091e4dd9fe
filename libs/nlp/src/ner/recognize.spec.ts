import { DEFAULT_GAZETTEER } from '../gazetteer';
import { extendToLongerNames, settlePeople, TokenSpan } from './recognize';
import { prepareSentence } from './tagger-sentence';

const sentence = (text: string) => prepareSentence(text.split(' '));
const words = (text: string, spans: TokenSpan[]) =>
  spans.map((s) => `${text.split(' ').slice(s.start, s.end).join(' ')}/${s.type}`);

describe('mention span rules', () => {
  it('completes a part of a name the document gives whole elsewhere, over capitalised words only', () => {
    const texts = ['Tampa Bay beat Boston on Sunday .', 'TAMPA BAY AT BOSTON', 'Tampa bay area'];
    const sentences = texts.map(sentence);
    const spans: TokenSpan[][] = [
      [
        { start: 0, end: 2, type: 'ORGANIZATION' },
        { start: 3, end: 4, type: 'ORGANIZATION' },
      ],
      [
        { start: 0, end: 1, type: 'LOCATION' },
        { start: 3, end: 4, type: 'ORGANIZATION' },
      ],
      [{ start: 0, end: 1, type: 'LOCATION' }],
    ];
    extendToLongerNames(sentences, spans);
    expect(words(texts[1], spans[1])).toEqual(['TAMPA BAY/ORGANIZATION', 'BOSTON/ORGANIZATION']);
    expect(words(texts[2], spans[2])).toEqual(['Tampa/LOCATION']);
  });

  it('needs a known first name for a person reading after an article or ending on an organisation word', () => {
    const texts = [
      'a trawler , the Grey Heron , ran aground',
      'the Harbour Gazette said',
      'the John Smith case',
      'Smith said',
      'the Marc Dutroux case',
    ];
    const sentences = texts.map(sentence);
    const person = (start: number, end: number): TokenSpan => ({ start, end, type: 'PERSON' });
    const spans = [[person(4, 6)], [person(1, 3)], [person(1, 3)], [person(0, 1)], [person(1, 3)]];
    settlePeople(DEFAULT_GAZETTEER, sentences, spans);
    expect(spans.map((list, i) => words(texts[i], list))).toEqual([
      [],
      ['Harbour Gazette/ORGANIZATION'],
      ['John Smith/PERSON'],
      ['Smith/PERSON'],
      [],
    ]);
  });
});
