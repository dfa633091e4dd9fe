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

  it('is linear on adversarial input', () => {
    const start = performance.now();
    stripNonContent('<script'.repeat(150_000));
    stripNonContent('<!--'.repeat(250_000));
    stripNonContent('<'.repeat(1_000_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
