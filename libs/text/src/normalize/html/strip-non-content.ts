// Removes, before the DOM is built, what a reader never sees (scripts, styles, inline SVG, <noscript>, <template>,
// <iframe>, comments) and the page chrome Readability would discard anyway (<nav>; <aside> and <footer>, which it
// strips from any content it keeps). On real news pages these are most of the bytes, and parsing them into DOM
// nodes only to throw them away is the largest avoidable cost of HTML normalization. JSON-LD scripts are set aside
// (they carry article metadata). A single forward scan with indexOf: linear; an unclosed element runs to the end,
// and a nested element of the same name ends at the first closing tag (what remains is chrome text Readability
// scores away).

const NON_CONTENT = ['script', 'style', 'svg', 'noscript', 'template', 'iframe', 'nav', 'aside', 'footer'];

export interface StrippedHtml {
  html: string;
  /** Contents of <script type="application/ld+json"> blocks, in document order. */
  jsonLd: string[];
}

export function stripNonContent(html: string): StrippedHtml {
  const lower = html.toLowerCase();
  const out: string[] = [];
  const jsonLd: string[] = [];
  let from = 0;
  let i = lower.indexOf('<', 0);
  while (i >= 0 && i < html.length) {
    if (lower.startsWith('<!--', i)) {
      const end = lower.indexOf('-->', i + 4);
      out.push(html.slice(from, i));
      from = i = end < 0 ? html.length : end + 3;
    } else {
      const tag = NON_CONTENT.find(
        (t) => lower.startsWith(t, i + 1) && !/[a-z0-9-]/.test(lower[i + 1 + t.length] ?? ''),
      );
      if (tag) {
        const openEnd = lower.indexOf('>', i);
        const close = openEnd < 0 ? -1 : lower.indexOf(`</${tag}`, openEnd);
        const closeEnd = close < 0 ? -1 : lower.indexOf('>', close);
        const end = closeEnd < 0 ? html.length : closeEnd + 1;
        if (tag === 'script' && openEnd > 0 && lower.slice(i, openEnd).includes('application/ld+json')) {
          jsonLd.push(html.slice(openEnd + 1, close < 0 ? html.length : close));
        }
        out.push(html.slice(from, i));
        from = i = end;
      } else i++;
    }
    i = lower.indexOf('<', i);
  }
  out.push(html.slice(from));
  return { html: out.join(''), jsonLd };
}
