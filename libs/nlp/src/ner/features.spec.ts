import { DEFAULT_GAZETTEER } from '../gazetteer';
import { DocumentContext } from './document-context';
import { flattenFeatures, historyFeature, sentenceFeatures, shape } from './features';
import { Lexicon } from './lexicon';
import { prepareSentence } from './tagger-sentence';

const lexicon: Lexicon = new Map([
  ['abandon', 'L'],
  ['kuleba', 'C'],
]);

function featuresOf(sentences: string[][], si: number, i: number): string[] {
  const prepared = sentences.map(prepareSentence);
  const doc = new DocumentContext(prepared);
  return flattenFeatures(sentenceFeatures(prepared[si], doc, lexicon, DEFAULT_GAZETTEER)[i]);
}

describe('shape', () => {
  it.each([
    ['Kyiv', 'Xx'],
    ['NATO', 'X'],
    ['U.S.', 'X.X.'],
    ['1996-08-22', 'd-d-d'],
    ['McDonald', 'XxXx'],
    ['Çavuşoğlu', 'Xx'],
  ])('%s → %s', (word, expected) => expect(shape(word)).toBe(expected));
});

describe('prepareSentence', () => {
  it('flags sentence-initial positions, also after an opening quote', () => {
    expect(prepareSentence(['"', 'Abandon', 'your', 'equipment', ',', '"', 'Zelensky', 'said']).initial).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
    ]);
  });

  it('treats ALL CAPS and Title Case sentences as headlines and upper-cases Title Case', () => {
    expect(prepareSentence(['JAPAN', 'GET', 'LUCKY', 'WIN']).headline).toBe(true);
    const slogan = prepareSentence(['Subscribe', 'To', 'Our', 'Weekly', 'Newsletter']);
    expect(slogan.headline).toBe(true);
    expect(slogan.words).toEqual(['SUBSCRIBE', 'TO', 'OUR', 'WEEKLY', 'NEWSLETTER']);
    expect(prepareSentence(['Dmytro', 'Kuleba', 'urged', 'NATO']).headline).toBe(false);
    expect(prepareSentence(['Vladimir', 'Putin']).headline).toBe(false);
  });
});

describe('sentenceFeatures', () => {
  const sentence = ['Foreign', 'Minister', 'Dmytro', 'Kuleba', 'arrived', 'in', 'Brussels', '.'];

  it('has identity, affix, context and shape features', () => {
    const f = featuresOf([sentence], 0, 3);
    expect(f).toEqual(
      expect.arrayContaining([
        'b',
        'w=Kuleba',
        'l=kuleba',
        's=Xx',
        'ps=MXx',
        'p2=ku',
        'x3=eba',
        'l-1=dmytro',
        'l-2=minister',
        'l+1=arrived',
        'l+2=in',
        'bl=dmytro|kuleba',
        'br=kuleba|arrived',
        's-1=Xx',
        's+1=x',
        'st=Xx|Xx|x',
      ]),
    );
  });

  it('marks the place in a run of capitalised words', () => {
    expect(featuresOf([sentence], 0, 2)).toContain('cr=3I');
    expect(featuresOf([sentence], 0, 3)).toContain('cr=3E');
  });

  it('has gazetteer features for the token and its neighbours', () => {
    expect(featuresOf([sentence], 0, 2)).toEqual(expect.arrayContaining(['g=FIRST:B', 'g-1=TITLE']));
    expect(featuresOf([sentence], 0, 6)).toContain('g=LOC:B');
    expect(featuresOf([sentence], 0, 3)).toContain('g-1=FIRST');
  });

  it('has document casing features: capitalised mid-sentence elsewhere, or written in lower case', () => {
    const doc = [
      ['Kuleba', 'said', 'so', '.'],
      ['Then', 'Kuleba', 'left', '.'],
      ['Abandon', 'hope', '.'],
      ['We', 'abandon', 'it'],
    ];
    expect(featuresOf(doc, 0, 0)).toEqual(expect.arrayContaining(['dc=CI', 'lx=CI']));
    expect(featuresOf(doc, 2, 0)).toEqual(expect.arrayContaining(['dc=LI', 'lx=LI']));
  });

  it('uses casing-free position classes in headlines', () => {
    const f = featuresOf(
      [
        ['KULEBA', 'URGES', 'NATO'],
        ['Then', 'Kuleba', 'urged', 'NATO', '.'],
      ],
      0,
      0,
    );
    expect(f).toEqual(expect.arrayContaining(['ps=HX', 'dc=CH']));
  });
});

describe('historyFeature', () => {
  it('reports the type given to the same word earlier in the document', () => {
    const sentences = [prepareSentence(['Dmytro', 'Kuleba', 'spoke']), prepareSentence(['Kuleba', 'left'])];
    const doc = new DocumentContext(sentences);
    expect(historyFeature(sentences[1], 0, doc)).toBeUndefined();
    doc.remember(sentences[0], ['PER', 'PER', null]);
    expect(historyFeature(sentences[1], 0, doc)).toBe('h=PER');
    expect(historyFeature(sentences[1], 1, doc)).toBeUndefined();
  });
});
