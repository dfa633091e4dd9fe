import { countWords, endsSentence, isHeadingShaped } from '../shape';
import type { ArticleSection } from '../types';

// Section headings: a short, title-like paragraph ("'Nowhere to go'", "Russian forces used civilians as human
// shields") directly followed by prose. Live pages put each item under such a heading; long reports use them as
// crossheads. A heading-shaped last paragraph is not a heading (nothing follows it), and neither is one of several
// heading-shaped paragraphs in a row (that is a list of links or labels, not a section start).

export const HEADING_RULE = 'heading';

function isProse(paragraph: string): boolean {
  return countWords(paragraph, 8) >= 8 || endsSentence(paragraph);
}

export function isSectionHeading(paragraphs: string[], i: number): boolean {
  const next = paragraphs[i + 1];
  const previous = paragraphs[i - 1];
  return (
    next !== undefined &&
    isHeadingShaped(paragraphs[i]) &&
    isProse(next) &&
    !isHeadingShaped(next) &&
    (previous === undefined || !isHeadingShaped(previous))
  );
}

/** Splits paragraphs into sections at headings. The first section is the lead; it may have no heading. */
export function buildSections(paragraphs: string[]): ArticleSection[] {
  const sections: ArticleSection[] = [];
  let current: ArticleSection | null = null;
  paragraphs.forEach((p, i) => {
    if (isSectionHeading(paragraphs, i)) {
      current = { heading: p, lead: sections.length === 0, paragraphs: [] };
      sections.push(current);
    } else {
      if (!current) {
        current = { heading: null, lead: true, paragraphs: [] };
        sections.push(current);
      }
      current.paragraphs.push(p);
    }
  });
  return sections;
}

/** Display text: every heading and paragraph as its own block. */
export function sectionsToText(sections: ArticleSection[]): string {
  const blocks: string[] = [];
  for (const s of sections) {
    if (s.heading !== null) blocks.push(s.heading);
    for (const p of s.paragraphs) blocks.push(p); // not push(...): a section can hold more paragraphs than the stack
  }
  return blocks.join('\n\n');
}
