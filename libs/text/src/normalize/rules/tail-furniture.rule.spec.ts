import { findTailFurniture } from './tail-furniture.rule';

const BODY = 'The committee will publish its findings in the spring, a spokesperson said on Friday.';

describe('tail-furniture rule', () => {
  it('removes Title-Case promo lines after the last prose paragraph when furniture was found there', () => {
    const paragraphs = [BODY, 'Stay With Us For More Great Stories.', 'Subscribe To Our Newsletter'];
    expect(findTailFurniture(paragraphs, [false, false, true])).toEqual([1]);
  });

  it('does nothing when the tail holds no recognised furniture', () => {
    expect(findTailFurniture([BODY, 'Stay With Us For More Great Stories.'], [false, false])).toEqual([]);
  });

  it('never touches anything before the last prose paragraph', () => {
    const paragraphs = ['Big Title Case Line Here', BODY, 'Subscribe To Our Newsletter'];
    expect(findTailFurniture(paragraphs, [false, false, true])).toEqual([]);
  });
});

describe('tail-furniture zone', () => {
  it('leaves a long run of non-prose lines alone (a list, not a footer)', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Item Number ${i} Here`);
    const paragraphs = [BODY, ...lines, 'Subscribe To Our Newsletter'];
    const removed = paragraphs.map((_, i) => i === paragraphs.length - 1);
    expect(findTailFurniture(paragraphs, removed)).toEqual([]);
  });
});
