import { splitSentences } from './sentences';

const sentenceTexts = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits on terminal punctuation and keeps closing quotes with their sentence', () => {
    expect(sentenceTexts('He said "leave." Then he left! Did he? Yes.')).toEqual([
      'He said "leave."',
      'Then he left!',
      'Did he?',
      'Yes.',
    ]);
  });

  it('splits Chinese and Japanese at their full stops, keeping a closing quote with its sentence', () => {
    expect(sentenceTexts('大桥重新开放。市长说：“工程已经完成。”交通恢复了！')).toEqual([
      '大桥重新开放。',
      '市长说：“工程已经完成。”',
      '交通恢复了！',
    ]);
    expect(sentenceTexts('橋が開通した。市長が発表した。')).toEqual(['橋が開通した。', '市長が発表した。']);
  });

  it('does not split after abbreviations', () => {
    expect(sentenceTexts('U.S. President Joe Biden met Mr. Kuleba on Feb. 24 in Brussels.')).toHaveLength(1);
  });

  it('always splits at a blank line, and at a line break that starts a new unit', () => {
    expect(sentenceTexts('Rockets launched at civilians\n\nRussian and Ukrainian delegates met')).toEqual([
      'Rockets launched at civilians',
      'Russian and Ukrainian delegates met',
    ]);
    expect(sentenceTexts('Russian forces used civilians\nas human shields\nRussian troops used villagers')).toEqual([
      'Russian forces used civilians\nas human shields',
      'Russian troops used villagers',
    ]);
  });

  it('joins hard-wrapped lines that run on', () => {
    const text =
      'a proposal backed by G7 foreign ministers from Canada, France,\nGermany and the\nUN Human Rights Council.';
    expect(sentenceTexts(text)).toEqual([text]);
  });

  it('numbers sentences in order with offsets into the text', () => {
    const sentences = splitSentences('One. Two.');
    expect(sentences.map((s) => [s.index, s.start, s.end])).toEqual([
      [0, 0, 4],
      [1, 5, 9],
    ]);
  });
});
