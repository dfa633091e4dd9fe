// Deeply nested markup is quadratic twice over before any text is read: htmlparser2 (under linkedom) keeps its stack
// of open elements in an array it `unshift`s on every start tag, and Readability measures the text under every
// element while scoring, so both cost size × depth. 10,000 unclosed <div>s — 50 KB, far inside the request limits —
// took 11 s to normalize, 40,000 took over two minutes; a worker held that long loses its job lock and the next
// worker picks the same page up to the same end. Real news pages nest a few dozen levels. This linear scan, run
// before the DOM is built, drops the start tags that would open an element deeper than MAX_NESTING (and the end
// tags that close them), keeping every word of text: the tree linkedom builds is then at most that deep.
//
// It tracks the parser's stack of open elements the way htmlparser2 does in HTML mode — void elements are not
// pushed, an end tag closes up to the nearest open element of its name, and the common implied ends (<p>, <li>,
// table cells, <dt>/<dd>, <option>) close an element still open on top. It never closes more than the parser does,
// so its count is never below the real depth; raw-text elements (<title>, <textarea>, …) are skipped as the parser
// reads them, as text, so an end tag inside them cannot lower the count.

/** Deepest element kept; real pages stay well under it. */
export const MAX_NESTING = 100;

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const P = ['p'];
/** Start tag → open elements on top of the stack it ends first (a subset of htmlparser2's `openImpliesClose`). */
const IMPLIED_END = new Map<string, readonly string[]>([
  ['p', P],
  ['h1', P],
  ['h2', P],
  ['h3', P],
  ['h4', P],
  ['h5', P],
  ['h6', P],
  ['div', P],
  ['ul', P],
  ['ol', P],
  ['table', P],
  ['blockquote', P],
  ['section', P],
  ['article', P],
  ['li', ['li']],
  ['dt', ['dt', 'dd']],
  ['dd', ['dt', 'dd']],
  ['tr', ['tr', 'th', 'td']],
  ['td', ['th', 'td']],
  ['th', ['th']],
  ['option', ['option']],
]);

const isLetter = (c: string | undefined): boolean => c !== undefined && /[a-z]/i.test(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/** Index just past the `>` ending the tag whose name ends at `from`; quoted attribute values may hold `>`. */
function tagEnd(html: string, from: number): number {
  let afterEquals = false;
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (c === '>') return i + 1;
    if (c === '=') {
      afterEquals = true;
      continue;
    }
    if (afterEquals && (c === '"' || c === "'")) {
      const close = html.indexOf(c, i + 1);
      if (close < 0) return html.length;
      i = close;
    }
    if (!isSpace(c)) afterEquals = false;
  }
  return html.length;
}

function tagName(html: string, from: number): string {
  let end = from;
  while (end < html.length && html[end] !== '/' && html[end] !== '>' && !isSpace(html[end])) end++;
  return html.slice(from, end).toLowerCase();
}

/** `html` without the tags that would nest elements deeper than `maxDepth`; unchanged when it never does. */
export function boundNesting(html: string, maxDepth = MAX_NESTING): string {
  const lower = html.toLowerCase();
  const open: string[] = [];
  // Start tags dropped per name: the next end tags of that name close them, not an element that was kept.
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let from = 0;
  let i = html.indexOf('<');
  while (i >= 0) {
    const closing = html[i + 1] === '/';
    const nameStart = closing ? i + 2 : i + 1;
    if (!isLetter(html[nameStart])) {
      // "<!doctype", "<?xml", a CDATA section or a bare "<": not an element.
      i = html.indexOf('<', html[i + 1] === '!' || html[i + 1] === '?' ? tagEnd(html, i + 1) : i + 1);
      continue;
    }
    const name = tagName(html, nameStart);
    const end = tagEnd(html, nameStart + name.length);
    let drop = false;
    if (closing) {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop = true;
      } else {
        const at = open.lastIndexOf(name);
        if (at >= 0) open.length = at;
      }
    } else if (!VOID.has(name)) {
      const implied = IMPLIED_END.get(name);
      while (implied && open.length > 0 && implied.includes(open[open.length - 1])) open.pop();
      if (open.length >= maxDepth) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop = true;
      } else open.push(name);
    }
    let next = end;
    if (!closing && !drop && RAW_TEXT.has(name)) {
      // The parser reads up to the matching end tag as text; so does this scan (the end tag closes it).
      const close = lower.indexOf(`</${name}`, end);
      next = close < 0 ? html.length : tagEnd(html, close + 2 + name.length);
      open.pop();
    }
    if (drop) {
      // A space where the tag was, so the words on either side stay apart.
      out.push(html.slice(from, i), ' ');
      from = end;
    }
    i = html.indexOf('<', next);
  }
  if (from === 0) return html;
  out.push(html.slice(from));
  return out.join('');
}
