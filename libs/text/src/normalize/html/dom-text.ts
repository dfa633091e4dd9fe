import type { RemovedLine } from '../types';

// DOM → text that the text rules understand: one block per paragraph-level element, separated by a blank line;
// <br> becomes a line break inside a block; list items get a bullet so the rules see them as a list. Captions are
// set aside as removed lines (a caption describes a picture the text no longer shows).

/** Minimal structural view of a DOM node; linkedom nodes satisfy it. */
export interface DomNode {
  nodeType: number;
  localName?: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);
const INVISIBLE = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'button',
  'select',
  'input',
  'textarea',
  'head',
]);
/** Page chrome, dropped when walking a whole <body> (Readability already drops it from its content). */
export const CHROME = new Set(['nav', 'header', 'footer', 'aside', 'form']);
/** Class/id names of page chrome: comment threads, related links, promos, share bars. */
const CHROME_NAMES =
  /(?:^|[\s_-])(?:comments?|related|promo|newsletter|share|social|subscribe|advert|ads?|cookie|breadcrumbs?|sidebar|menu|masthead)(?:$|[\s_-])/i;

function isChrome(node: DomNode, tag: string): boolean {
  if (CHROME.has(tag)) return true;
  const names = `${node.getAttribute?.('class') ?? ''} ${node.getAttribute?.('id') ?? ''}`;
  return names.length < 300 && CHROME_NAMES.test(names);
}

export interface DomText {
  text: string;
  removed: RemovedLine[];
}

// Whitespace runs that are not already a single space (same result as replacing every /\s+/ with ' '): a lone space
// between words is left alone instead of being matched and rebuilt, which made this the costliest line of the walk.
const WHITESPACE_TO_COLLAPSE = /[^\S ]\s*| \s+/g;
const collapse = (s: string) => s.replace(WHITESPACE_TO_COLLAPSE, ' ');

export function domToText(root: DomNode, options: { skipChrome: boolean }): DomText {
  const blocks: string[] = [];
  const removed: RemovedLine[] = [];
  let current = '';

  const flush = () => {
    // Most blocks (a <p> without <br>) are one line: trimmed directly, without splitting into an array.
    const block = !current.includes('\n')
      ? current.trim()
      : current
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .join('\n');
    if (block) blocks.push(block);
    current = '';
  };

  // Iterative walk with an explicit stack: deeply nested markup must not overflow the call stack.
  const stack: (DomNode | 'flush')[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item === 'flush') {
      flush();
      continue;
    }
    if (item.nodeType === TEXT_NODE) {
      current += collapse(item.textContent ?? '');
      continue;
    }
    if (item.nodeType !== ELEMENT_NODE) continue;
    const tag = item.localName ?? '';
    if (INVISIBLE.has(tag) || (options.skipChrome && isChrome(item, tag))) continue;
    if (tag === 'br') {
      current += '\n';
      continue;
    }
    if (tag === 'figcaption') {
      const caption = collapse(item.textContent ?? '').trim();
      if (caption) removed.push({ rule: 'caption', text: caption });
      continue;
    }
    const block = BLOCKS.has(tag);
    if (block) flush();
    if (tag === 'li') current += '\u2022 ';
    if (block) stack.push('flush');
    // Read childNodes once: linkedom builds a fresh array on every access (its DOM is a linked list), so indexing
    // item.childNodes[i] in the loop would be quadratic in the number of children.
    const children = item.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  flush();
  return { text: blocks.join('\n\n'), removed };
}
