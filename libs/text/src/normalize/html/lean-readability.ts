import { Readability } from '@mozilla/readability';

// @mozilla/readability tuned for linkedom, with the same extraction. Readability runs `_isProbablyVisible` on every
// element it walks, and that reads `node.style.display` and `node.style.visibility`; in linkedom each `style`
// access builds a CSSStyleDeclaration proxy and parses the style attribute, which made the check about a tenth of
// Readability's time on long pages. An element without a style attribute has an empty style (display and
// visibility ''), so for those the style part of the check is skipped; elements with one still get the original
// check. Everything else is Readability's own code.

interface VisibilityCheckedNode {
  hasAttribute?(name: string): boolean;
}

type VisibilityCheck = (node: VisibilityCheckedNode) => boolean;

const originalIsProbablyVisible = (Readability.prototype as unknown as { _isProbablyVisible: VisibilityCheck })
  ._isProbablyVisible;

export class LeanReadability<T> extends Readability<T> {
  _isProbablyVisible(node: VisibilityCheckedNode): boolean {
    if (node.hasAttribute && !node.hasAttribute('style')) {
      return (
        !node.hasAttribute('hidden') &&
        (!node.hasAttribute('aria-hidden') || originalIsProbablyVisible.call(this, node))
      );
    }
    return originalIsProbablyVisible.call(this, node);
  }
}
