import { Readability } from '@mozilla/readability';

// @mozilla/readability tuned for linkedom, with the same extraction: two of its helpers are replaced by equivalents
// that linkedom runs much faster. Everything else is Readability's own code.
//
// - `_isProbablyVisible` runs on every element and reads `node.style.display` and `.visibility`; in linkedom each
//   `style` access builds a CSSStyleDeclaration proxy and parses the style attribute. An element without a style
//   attribute has an empty style (display and visibility ''), so for those the style part of the check is skipped;
//   elements with one still get the original check.
// - `_getAllNodesWithTag` calls querySelectorAll, for which linkedom compiles a CSS selector on every call (once per
//   paragraph in `_prepArticle`) and matches it against every element. getElementsByTagName walks the same elements
//   in the same document order with a string comparison. Two differences are corrected: querySelectorAll matches a
//   tag name case-insensitively (Readability's own createElement("SPAN") leaves an upper-case localName, which
//   getElementsByTagName("span") would miss), and it does not look inside <template> contents. With several tag
//   names, getElementsByTagName is used when at most one of them occurs (the usual case, e.g. no img/embed/object/
//   iframe in a paragraph); when two or more occur, querySelectorAll returns them interleaved in document order.

interface LinkedomElement {
  localName?: string;
  parentNode?: LinkedomElement | null;
  hasAttribute?(name: string): boolean;
  getElementsByTagName?(tag: string): LinkedomElement[];
}

type ElementQuery = Required<Pick<LinkedomElement, 'getElementsByTagName'>>;

type VisibilityCheck = (node: LinkedomElement) => boolean;
type TagQuery = (node: LinkedomElement, tagNames: string[]) => ArrayLike<LinkedomElement>;

const original = Readability.prototype as unknown as {
  _isProbablyVisible: VisibilityCheck;
  _getAllNodesWithTag: TagQuery;
};

/** Whether `element` lies inside a <template> that is itself inside `root` (querySelectorAll skips those). */
function insideTemplate(element: LinkedomElement, root: LinkedomElement): boolean {
  for (let node = element.parentNode; node && node !== root; node = node.parentNode) {
    if (node.localName === 'template') return true;
  }
  return false;
}

/** Tag names this module answers itself: ASCII, and without a "k" (see elementsByTag). */
const SIMPLE_TAG = /^[a-jl-z0-9]+$/;

/**
 * querySelectorAll(name) for one tag name, or null when only querySelectorAll can answer exactly. css-select compares
 * lower-cased names (Readability asks for "P" as well as "p"). getElementsByTagName("SPAN") finds every element
 * whose upper-cased localName is "SPAN"; keeping those whose lower-cased localName is "span" gives css-select's set,
 * except for names with a "k": the Kelvin sign lower-cases to "k" but does not upper-case to "K".
 */
function elementsByTag(root: LinkedomElement & ElementQuery, name: string): LinkedomElement[] | null {
  const tag = name.toLowerCase();
  if (!SIMPLE_TAG.test(tag)) return null;
  const found = root.getElementsByTagName(tag.toUpperCase());
  return found.some((e) => e.localName?.toLowerCase() !== tag || insideTemplate(e, root))
    ? found.filter((e) => e.localName?.toLowerCase() === tag && !insideTemplate(e, root))
    : found;
}

export class LeanReadability<T> extends Readability<T> {
  _isProbablyVisible(node: LinkedomElement): boolean {
    if (node.hasAttribute && !node.hasAttribute('style')) {
      return (
        !node.hasAttribute('hidden') &&
        (!node.hasAttribute('aria-hidden') || original._isProbablyVisible.call(this, node))
      );
    }
    return original._isProbablyVisible.call(this, node);
  }

  _getAllNodesWithTag(node: LinkedomElement, tagNames: string[]): ArrayLike<LinkedomElement> {
    const generic = () => original._getAllNodesWithTag.call(this, node, tagNames);
    if (!node.getElementsByTagName) return generic();
    const root = node as LinkedomElement & ElementQuery;
    let found: LinkedomElement[] = [];
    for (const tag of tagNames) {
      const elements = elementsByTag(root, tag);
      if (elements === null) return generic();
      if (elements.length === 0) continue;
      if (found.length > 0) return generic();
      found = elements;
    }
    return found;
  }
}
