import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readability } from '@mozilla/readability';
import type { DOMParser as LinkedomParser } from 'linkedom';
import { nativeRequire } from '../native-require';
import { LeanReadability } from './lean-readability';

// LeanReadability must extract exactly what Readability does: the same content, down to the markup. Checked on the
// HTML fixtures and on markup that exercises each replaced helper: elements hidden by style, attribute or
// aria-hidden (visibility), <template> contents, several media tags in one paragraph, divs Readability rewrites
// into upper-case-named <P> elements, and foreign (SVG) elements with mixed-case names (tag lookups).

const { DOMParser } = nativeRequire<typeof import('linkedom')>('linkedom', 'cjs/index.js');
const parser: LinkedomParser = new DOMParser();
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

const fixture = (name: string) =>
  fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'html', name), 'utf8');

const sentence = (n: number) =>
  `Paragraph ${n} tells the reader what happened at the council meeting, who spoke, and what was decided, at length.`;

const TRICKY = `<!doctype html><html><head><title>Council</title></head><body>
  <div class="header" style="display:none"><p>${sentence(0)}</p></div>
  <main><article>
    <div>${sentence(1)} ${sentence(2)}</div>
    <p style="visibility: hidden">${sentence(3)}</p>
    <p hidden>${sentence(4)}</p>
    <p aria-hidden="true">${sentence(5)}</p>
    <p aria-hidden="true" class="fallback-image">${sentence(6)}</p>
    <p style="color: red">${sentence(7)} <img src="a.jpg"> <iframe src="https://www.youtube.com/embed/x"></iframe></p>
    <template><p>${sentence(8)}</p><img src="t.jpg"></template>
    <div><span>${sentence(9)}</span><div><p>${sentence(10)}</p></div></div>
    <svg><foreignObject><p>${sentence(11)}</p></foreignObject></svg>
    <p><embed src="x.swf"></p>
    <ul><li>${sentence(12)}</li><li>${sentence(13)}</li></ul>
    <table><tr><td>${sentence(14)}</td></tr></table>
  </article></main>
  <div class="comments"><p>${sentence(15)}</p></div>
</body></html>`;

function extract(Extractor: typeof Readability, html: string) {
  const doc = parser.parseFromString(html, 'text/html');
  const options = {
    serializer: (node: unknown) => (node as { outerHTML: string }).outerHTML,
    keepClasses: true,
  };
  return new Extractor(doc as unknown as ReadabilityDocument, options).parse();
}

describe('LeanReadability', () => {
  it.each([
    ['news-article.html', fixture('news-article.html')],
    ['live-page.html', fixture('live-page.html')],
    ['wire-brief.html', fixture('wire-brief.html')],
    ['tricky markup', TRICKY],
  ])('extracts exactly what Readability extracts: %s', (_, html) => {
    const lean = extract(LeanReadability, html);
    expect(lean).toEqual(extract(Readability, html));
  });

  it('finds the same elements as Readability for every tag lookup, whatever the case of names', () => {
    type Lookup = (node: unknown, tags: string[]) => ArrayLike<unknown>;
    const doc = parser.parseFromString(TRICKY, 'text/html');
    // Readability itself creates elements with upper-case names ("P", "DIV"); linkedom keeps them upper-case.
    doc.querySelector('article')?.appendChild(doc.createElement('P'));
    const lean = new LeanReadability(doc as unknown as ReadabilityDocument) as unknown as {
      _getAllNodesWithTag: Lookup;
    };
    const reference = new Readability(doc as unknown as ReadabilityDocument) as unknown as {
      _getAllNodesWithTag: Lookup;
    };
    const lookups = [['p'], ['P'], ['img', 'iframe', 'embed', 'object'], ['img'], ['h1', 'h2'], ['template']];
    for (const tags of [...lookups, ['foreignobject'], ['li', 'td'], ['span'], ['link']]) {
      for (const root of [doc, doc.body, doc.querySelector('article')]) {
        const found = Array.from(lean._getAllNodesWithTag(root, tags));
        expect(found).toEqual(Array.from(reference._getAllNodesWithTag(root, tags)));
      }
    }
  });

  it('keeps the visible paragraphs of the tricky page and drops the hidden ones', () => {
    const text = extract(LeanReadability, TRICKY)?.textContent ?? '';
    expect(text).toContain('Paragraph 1 ');
    expect(text).toContain('Paragraph 6 ');
    expect(text).not.toContain('Paragraph 3 ');
    expect(text).not.toContain('Paragraph 4 ');
  });
});
