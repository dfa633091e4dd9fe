import { buildSections, sectionsToText } from './heading.rule';

const PROSE = 'The works will take three weeks and the road stays open to buses throughout, the council said.';

describe('heading rule', () => {
  it('splits sections at short title-like paragraphs followed by prose', () => {
    const sections = buildSections([PROSE, "'Nowhere to go'", PROSE, 'What happens next', PROSE]);
    expect(sections.map((s) => [s.heading, s.lead, s.paragraphs.length])).toEqual([
      [null, true, 1],
      ["'Nowhere to go'", false, 1],
      ['What happens next', false, 1],
    ]);
  });

  it('gives the lead section a heading when the text starts with one', () => {
    const sections = buildSections(['Background', PROSE]);
    expect(sections).toEqual([{ heading: 'Background', lead: true, paragraphs: [PROSE] }]);
  });

  it('does not treat a trailing short line or a run of short lines as headings', () => {
    const sections = buildSections([PROSE, 'Home', 'World', 'Sport', PROSE, 'The end']);
    expect(sections).toHaveLength(1);
  });

  it('renders headings as their own paragraph in the display text', () => {
    expect(sectionsToText(buildSections([PROSE, 'Next steps', PROSE]))).toBe(`${PROSE}\n\nNext steps\n\n${PROSE}`);
  });
});
