import { copyrightRule } from './copyright.rule';

describe('copyright rule', () => {
  it.each([
    '\u00A9 2031 The Lakeside Courier. All rights reserved.',
    'Copyright 2022 Example Media',
    'This material may not be published, broadcast, rewritten or redistributed.',
  ])('removes %p', (line) => expect(copyrightRule.matches(line)).toBe(true));

  it('keeps prose about copyright', () => {
    expect(copyrightRule.matches('The court ruled on the copyright dispute on Friday.')).toBe(false);
  });
});
