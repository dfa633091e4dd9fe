import { pageFurnitureRule } from './page-furniture.rule';

describe('page-furniture rule', () => {
  it.each([
    'Advertisement',
    'Read more:',
    'Related stories',
    'Skip to main content',
    'https://example.com/story/123',
    'Facebook Twitter WhatsApp Email',
    'Story continues below advertisement',
  ])('removes %p', (line) => expect(pageFurnitureRule.matches(line)).toBe(true));

  it.each(['Read more books, the minister urged.', 'Related: the two cases were linked by police.', 'Facebook fined'])(
    'keeps %p',
    (line) => expect(pageFurnitureRule.matches(line)).toBe(false),
  );
});
