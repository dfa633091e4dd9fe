import * as fs from 'node:fs';
import * as path from 'node:path';
import { nativeRequire } from '../native-require';
import { ADVERSARIAL_NESTING_PATTERNS, repeatToLength } from '../testing/adversarial-inputs';
import { boundNesting, MAX_NESTING } from './bound-nesting';
import type { DomNode } from './dom-text';
import { extractHtml } from './extract-html';

const fixtures = path.resolve(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'html');

interface ParsedRoot {
  documentElement: DomNode;
}

/** Element depth of the tree linkedom builds from `html` (iterative: the point is that it may be deep). */
function parsedDepth(html: string): number {
  const linkedom = nativeRequire<typeof import('linkedom')>('linkedom', 'cjs/index.js');
  const doc = new linkedom.DOMParser().parseFromString(html, 'text/html') as unknown as ParsedRoot;
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[doc.documentElement, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of Array.from(node.childNodes)) if (child.nodeType === 1) stack.push([child, depth + 1]);
  }
  return deepest;
}

describe('boundNesting', () => {
  it('leaves pages that nest less than the bound unchanged', () => {
    for (const name of fs.readdirSync(fixtures)) {
      const html = fs.readFileSync(path.join(fixtures, name), 'utf8');
      expect(boundNesting(html)).toBe(html);
    }
    const sloppy =
      '<!doctype html><ul><li>one<li>two<li>three</ul><p>a<p>b<div>c</div><table><tr><td>1<td>2<tr><td>3</table>' +
      '<dl><dt>term<dd>meaning</dl><img src="x.png" alt="a > b"><br><p title=\'x>y\'>quoted</p>';
    expect(boundNesting(sloppy, 4)).toBe(sloppy);
  });

  it('drops the start tags below the bound and the end tags that close them, keeping the text apart', () => {
    expect(boundNesting('<b><i><u>x</u></i></b>y', 2)).toBe('<b><i> x </i></b>y');
    expect(boundNesting('<div><div><div>deep</div></div></div><p>after</p>', 2)).toBe(
      '<div><div> deep </div></div><p>after</p>',
    );
  });

  it('does not let an end tag inside raw text lower the count, and scans a dropped raw-text element as markup', () => {
    expect(boundNesting('<div><title></div></title><div><div>x', 2)).toBe('<div><title></div></title><div> x');
    expect(boundNesting('<div><div><textarea><div>x', 2)).toBe('<div><div>  x');
  });

  it('keeps every word of a page nested far deeper than any real one', () => {
    const html =
      '<html><body>' + '<div>'.repeat(20_000) + '<p>The ferry to Northholm runs again from Monday.</p></body></html>';
    const bounded = boundNesting(html);
    expect(bounded.match(/<div>/g)).toHaveLength(MAX_NESTING - 2);
    // Without the bound this page kept Readability busy for minutes.
    expect(extractHtml(html, null).text).toBe('The ferry to Northholm runs again from Monday.');
  });

  // Unbounded, these take minutes to parse; how time grows with length is measured by bench:normalize.
  it.each(ADVERSARIAL_NESTING_PATTERNS)('bounds the tree built from 1 MB of unclosed %j', (pattern) => {
    expect(parsedDepth(repeatToLength(pattern, 20_000))).toBeGreaterThan(10 * MAX_NESTING);
    expect(parsedDepth(boundNesting(repeatToLength(pattern, 1_000_000)))).toBeLessThanOrEqual(MAX_NESTING + 1);
  });
});
