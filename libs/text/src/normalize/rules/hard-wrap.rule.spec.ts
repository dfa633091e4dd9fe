import { isWrappedContinuation, profileWrapping } from './hard-wrap.rule';

const wrappedBlock = [
  'The council met on Monday evening to discuss the plan for the',
  'new library, which has been delayed twice since the spring and',
  'is now expected to open in the autumn of next year, officials',
  'said.',
];

describe('hard-wrap rule', () => {
  it('estimates the wrap width from lines that end mid-sentence at similar lengths', () => {
    expect(profileWrapping([wrappedBlock]).width).toBe(62);
  });

  it('does not call text wrapped when lines end sentences or vary widely', () => {
    const perLine = ['One full sentence on this line.', 'Another complete sentence here.', 'And a third one.', 'End.'];
    expect(profileWrapping([perLine]).width).toBeNull();
    expect(profileWrapping([['Short', 'A much much much longer line without an end', 'x', 'y']]).width).toBeNull();
  });

  it('joins a line that reached the width, keeps a line that stopped short before a new sentence', () => {
    expect(isWrappedContinuation(wrappedBlock[0], wrappedBlock[1], 62)).toBe(true);
    expect(isWrappedContinuation('Next steps', 'The plan goes to consultation.', 62)).toBe(false);
    expect(isWrappedContinuation('It ends here.', 'A new paragraph starts.', 62)).toBe(false);
    expect(isWrappedContinuation(wrappedBlock[0], '- a list item', 62)).toBe(false);
  });
});
