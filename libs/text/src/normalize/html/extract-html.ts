import type { DOMParser as LinkedomParser } from 'linkedom';
import { nativeRequire } from '../native-require';
import type { RemovedLine } from '../types';
import { boundNesting } from './bound-nesting';
import { domToText, type DomNode } from './dom-text';
import { readJsonLdArticle } from './json-ld';
import { LeanReadability } from './lean-readability';
import { readPageMetadata, type MetaSource, type PageMetadata } from './page-metadata';
import { stripNonContent } from './strip-non-content';

// HTML → (main text, page metadata). linkedom builds the DOM (fast, no browser emulation); @mozilla/readability picks
// the main content, the same algorithm as Firefox Reader View. Metadata is read first because Readability mutates
// the document. Readability gives up on pages with little text (a short brief); then the whole <body> is walked
// with page chrome skipped.

export const HTML_EXTRACT_RULE = 'html-readability';
export const HTML_FALLBACK_RULE = 'html-body-fallback';
export const HTML_JSON_LD_BODY_RULE = 'html-json-ld-body';

export interface HtmlExtraction {
  text: string;
  metadata: PageMetadata;
  removed: RemovedLine[];
  /** Which extraction path produced the text (recorded in the report). */
  method: typeof HTML_EXTRACT_RULE | typeof HTML_FALLBACK_RULE | typeof HTML_JSON_LD_BODY_RULE;
}

interface ParsedDocument extends MetaSource {
  body: DomNode | null;
}

let parser: LinkedomParser | null = null;

/** linkedom is loaded on first HTML page only: plain-text normalization never pays for it. */
function domParser(): LinkedomParser {
  if (!parser) {
    const linkedom = nativeRequire<typeof import('linkedom')>('linkedom', 'cjs/index.js');
    parser = new linkedom.DOMParser();
  }
  return parser;
}

/**
 * Readability's work grows with elements × their depth (it measures and scores the text under each candidate's
 * ancestors), and more than linearly with many siblings under one parent: 16,000 list items kept at the nesting
 * bound — 128 KB of `<ul><li>` — took 24 s, 1 MB over two minutes, holding a worker past its job lock. Real pages
 * stay far under this budget (the benchmark's ~100 KB news pages: 500–5,000; a large portal page some 10^5);
 * over it, the page is read by the linear body walk instead, as a page Readability gives up on is.
 */
export const READABILITY_BUDGET = 250_000;

/** How much longer than the markup's text JSON-LD's articleBody must be to be taken instead. */
const JSON_LD_BODY_FACTOR = 2;

const ELEMENT_NODE = 1;

/** Whether the sum of the depths of the elements under `root` stays within `budget` (stops counting beyond). */
function withinBudget(root: DomNode, budget: number): boolean {
  let spent = 0;
  const stack: Array<[DomNode, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      if (children[i].nodeType !== ELEMENT_NODE) continue;
      spent += depth;
      if (spent > budget) return false;
      stack.push([children[i], depth + 1]);
    }
  }
  return true;
}

export function extractHtml(html: string, pageUrl: string | null): HtmlExtraction {
  const stripped = stripNonContent(html);
  const doc = domParser().parseFromString(boundNesting(stripped.html), 'text/html') as unknown as ParsedDocument;
  const jsonLd = readJsonLdArticle(stripped.jsonLd);
  const metadata = readPageMetadata(doc, jsonLd, pageUrl);

  // serializer: keep the content element itself instead of serialising it to an HTML string and parsing it back.
  // disableJSONLD: the JSON-LD blocks were already read (and removed by stripNonContent).
  // keepClasses: Readability would otherwise walk the whole result once more to strip class attributes, which
  // domToText never reads on this path (it only looks at classes when walking a whole <body>).
  const readable = doc.body !== null && withinBudget(doc.body, READABILITY_BUDGET);
  const article = readable
    ? new LeanReadability(doc as unknown as ConstructorParameters<typeof LeanReadability>[0], {
        serializer: (node) => node,
        disableJSONLD: true,
        keepClasses: true,
      }).parse()
    : null;
  const content = article?.content as DomNode | null | undefined;
  const extracted = content ? domToText(content, { skipChrome: false }) : null;
  const result: HtmlExtraction =
    extracted && extracted.text
      ? { text: extracted.text, metadata, removed: extracted.removed, method: HTML_EXTRACT_RULE }
      : {
          ...(doc.body ? domToText(doc.body, { skipChrome: true }) : { text: '', removed: [] }),
          metadata,
          method: HTML_FALLBACK_RULE,
        };
  // Pages that render their story with scripts carry it only in JSON-LD's articleBody (for search engines): what
  // the markup holds is then a cookie notice or a teaser. The publisher's own text wins when it is far longer.
  // Its text is never longer than the raw articleBody (decoding and dropping tags only shorten it): a raw body that
  // is not long enough is not read at all — most pages carry both their story in markup and an articleBody.
  const raw = jsonLd?.articleBody ?? '';
  const needed = JSON_LD_BODY_FACTOR * result.text.length;
  const body = raw.length > needed ? articleBodyText(raw) : '';
  if (body.length > needed) {
    return { text: body, metadata, removed: [], method: HTML_JSON_LD_BODY_RULE };
  }
  return result;
}

const MARKUP = /<[a-z][^>]*>/i;
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * articleBody as text. Schema.org wants plain text, but CMSs put in what they have: the story's HTML, or that HTML
 * escaped once more (`&lt;p&gt;…`), or plain text with entities (`&#8217;`). Entities are decoded first, since they
 * may hide markup; markup is then read like the page's own (paragraphs, no tags). Plain text keeps its line breaks.
 */
function articleBodyText(body: string): string {
  let text = body;
  if (!MARKUP.test(text) && ENTITY.test(text)) {
    const holder = domParser().parseFromString('<html><body></body></html>', 'text/html').createElement('div');
    // With no markup, every "<" is text: escaped so that the parser cannot take "<b" for the start of a tag.
    holder.innerHTML = text.replace(/</g, '&lt;');
    text = holder.textContent ?? '';
  }
  if (!MARKUP.test(text)) return text.trim();
  const doc = domParser().parseFromString(
    `<html><body>${boundNesting(text)}</body></html>`,
    'text/html',
  ) as unknown as ParsedDocument;
  return doc.body ? domToText(doc.body, { skipChrome: false }).text : '';
}
