import { stripInert } from './strip-inert';

describe('stripInert', () => {
  it('removes scripts, styles, svg, noscript, iframes and comments, keeping the text around them', () => {
    const html =
      '<p>a</p><script>var x = "<p>no</p>";</script><STYLE>p{}</STYLE><svg><text>no</text></svg>' +
      '<noscript><img src=x></noscript><!-- <p>no</p> --><iframe src="y"></iframe><p>b</p>';
    expect(stripInert(html).html).toBe('<p>a</p><p>b</p>');
  });

  it('sets JSON-LD blocks aside', () => {
    const { html, jsonLd } = stripInert('<script type="application/ld+json">{"@type":"NewsArticle"}</script><p>t</p>');
    expect(html).toBe('<p>t</p>');
    expect(jsonLd).toEqual(['{"@type":"NewsArticle"}']);
  });

  it('does not mistake longer tag names for inert elements', () => {
    expect(stripInert('<scripted>x</scripted><styles>y</styles>').html).toBe(
      '<scripted>x</scripted><styles>y</styles>',
    );
  });

  it('treats an unclosed inert element or comment as running to the end', () => {
    expect(stripInert('<p>a</p><script>never closed <p>b</p>').html).toBe('<p>a</p>');
    expect(stripInert('<p>a</p><!-- open').html).toBe('<p>a</p>');
  });

  it('is linear on adversarial input', () => {
    const start = performance.now();
    stripInert('<script'.repeat(150_000));
    stripInert('<!--'.repeat(250_000));
    stripInert('<'.repeat(1_000_000));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
