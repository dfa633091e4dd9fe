import { extractHtml, type HtmlExtraction } from './html/extract-html';
import { normalizeText, type PageInput } from './normalize-article';
import type { NormalizedArticle, RawArticle } from './types';

export const HTML_ERROR_RULE = 'html-unparseable';

/**
 * Normalizes one article as a crawler sent it: HTML when given (main content and page metadata extracted first),
 * otherwise the plain-text body. Pure and deterministic; never throws on any string input (fields of the wrong type
 * are treated as absent).
 */
export function normalizeArticle(raw: RawArticle): NormalizedArticle {
  const body = typeof raw.body === 'string' ? raw.body : '';
  const html = typeof raw.html === 'string' ? raw.html : '';
  if (!html.trim()) return normalizeText(raw, body, null);

  let extraction: HtmlExtraction | null = null;
  try {
    extraction = extractHtml(html, typeof raw.url === 'string' ? raw.url : null);
  } catch {
    // The DOM libraries are the only code here not written for hostile input. If they fail, the article is still
    // normalized from its plain-text body, and the report says why the page was not used.
    extraction = null;
  }
  if (!extraction) {
    const failed: PageInput = { metadata: emptyPage(), removed: [], method: HTML_ERROR_RULE };
    return normalizeText(raw, body, failed);
  }
  const page: PageInput = { metadata: extraction.metadata, removed: extraction.removed, method: extraction.method };
  // A page whose content could not be found at all still has a crawler-supplied body to fall back on.
  return normalizeText(raw, extraction.text || body, page);
}

function emptyPage(): PageInput['metadata'] {
  return {
    title: null,
    publishedAt: null,
    author: null,
    canonicalUrl: null,
    siteName: null,
    description: null,
    language: null,
    agencies: [],
  };
}
