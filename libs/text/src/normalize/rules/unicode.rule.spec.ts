import { ReportBuilder } from '../report';
import { cleanUnicode } from './unicode.rule';

describe('unicode rule', () => {
  const clean = (s: string) => {
    const report = new ReportBuilder();
    return { text: cleanUnicode(s, report), rules: report.build().rules };
  };

  it('composes to NFC', () => {
    const { text, rules } = clean('Cafe\u0301');
    expect(text).toBe('Caf\u00E9');
    expect(rules).toContainEqual({ name: 'unicode-nfc', count: 1 });
  });

  it('removes control and zero-width characters but keeps typographic punctuation', () => {
    const { text, rules } = clean('\uFEFFa\u200Bb\u0007c \u201Cq\u201D \u2013 d\u2026');
    expect(text).toBe('abc \u201Cq\u201D \u2013 d\u2026');
    expect(rules).toContainEqual({ name: 'invisible-chars', count: 3 });
  });

  it('unifies line breaks and collapses horizontal whitespace per line', () => {
    expect(clean('  one\t\u00A0two  \r\nthree\rfour\u2029five').text).toBe('one two\nthree\nfour\n\nfive');
  });

  it("takes Word's vertical tab and NEL for line breaks, not invisible characters", () => {
    expect(clean('First sentence.\u0085Second one.\u000BThird.').text).toBe('First sentence.\nSecond one.\nThird.');
  });

  it('keeps the zero-width joiners that change what a reader sees', () => {
    expect(clean('\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u06CC\u0645 👨\u200D👩\u200D👧').text).toBe(
      '\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u06CC\u0645 👨\u200D👩\u200D👧',
    );
  });

  it('returns clean text untouched and still finds a lone space at either end', () => {
    expect(clean('One line.\n\nAnother \u201Cline\u201D.')).toEqual({
      text: 'One line.\n\nAnother \u201Cline\u201D.',
      rules: [],
    });
    expect(clean(' one\ntwo ').text).toBe('one\ntwo');
    expect(clean('one \n two').text).toBe('one\ntwo');
  });
});
