import { ADVERSARIAL_HTML_PATTERNS, repeatToLength } from '../testing/adversarial-inputs';
import { stripNonContent } from './strip-non-content';

describe('stripNonContent', () => {
  it('removes scripts, styles, svg, noscript, iframes and comments, keeping the text around them', () => {
    const html =
      '<p>a</p><script>var x = "<p>no</p>";</script><STYLE>p{}</STYLE><svg><text>no</text></svg>' +
      '<noscript><img src=x></noscript><!-- <p>no</p> --><iframe src="y"></iframe><p>b</p>';
    expect(stripNonContent(html).html).toBe('<p>a</p><p>b</p>');
  });

  it('removes page chrome that Readability would discard: nav, aside, footer', () => {
    const html = '<nav><a>Home</a></nav><article><p>a</p><aside>Related</aside></article><footer>\u00A9</footer>';
    expect(stripNonContent(html).html).toBe('<article><p>a</p></article>');
  });

  it('sets JSON-LD blocks aside', () => {
    const { html, jsonLd } = stripNonContent(
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script><p>t</p>',
    );
    expect(html).toBe('<p>t</p>');
    expect(jsonLd).toEqual(['{"@type":"NewsArticle"}']);
  });

  it('does not mistake longer tag names for inert elements', () => {
    expect(stripNonContent('<scripted>x</scripted><styles>y</styles>').html).toBe(
      '<scripted>x</scripted><styles>y</styles>',
    );
  });

  it('treats an unclosed inert element or comment as running to the end', () => {
    expect(stripNonContent('<p>a</p><script>never closed <p>b</p>').html).toBe('<p>a</p>');
    expect(stripNonContent('<p>a</p><!-- open').html).toBe('<p>a</p>');
  });

  // A super-linear scan would make this test hang; how time grows with length is measured by bench:normalize.
  it.each(ADVERSARIAL_HTML_PATTERNS)('strips 1 MB of unclosed %j openings', (pattern) => {
    const html = repeatToLength(pattern, 1_000_000);
    // An unclosed inert element or comment runs to the end; bare "<" opens nothing and is kept.
    const expected = pattern === '<' ? html : '';
    expect(stripNonContent(html)).toEqual({ html: expected, jsonLd: [] });
  });
});
