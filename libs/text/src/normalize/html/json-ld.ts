// JSON-LD NewsArticle metadata. Pages embed one object, an array, or an @graph; the article node is the one whose
// @type is an Article subtype. Malformed JSON is common (trailing commas, HTML entities) and simply ignored.

const ARTICLE_TYPES = new Set([
  'Article',
  'NewsArticle',
  'ReportageNewsArticle',
  'AnalysisNewsArticle',
  'BackgroundNewsArticle',
  'OpinionNewsArticle',
  'ReviewNewsArticle',
  'LiveBlogPosting',
  'BlogPosting',
  'Report',
  'ScholarlyArticle',
]);

export interface JsonLdArticle {
  headline: string | null;
  datePublished: string | null;
  authors: string[];
  publisher: string | null;
  url: string | null;
  description: string | null;
  language: string | null;
  /**
   * The story's text as the publisher gives it to search engines: plain text, paragraphs on their own lines (some
   * CMSs put HTML in). Null on a page marked not free to read (`isAccessibleForFree: false`, on the article or a
   * part of it): there it is the text behind the paywall, shown to crawlers only, which is not ours to publish.
   */
  articleBody: string | null;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

function types(node: Node): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Flattens arrays and @graph containers into a list of nodes, depth-limited against pathological nesting. */
function collectNodes(value: unknown, into: Node[], depth = 0): void {
  if (depth > 4) return;
  if (Array.isArray(value)) for (const v of value) collectNodes(v, into, depth + 1);
  else if (isNode(value)) {
    into.push(value);
    if (value['@graph'] !== undefined) collectNodes(value['@graph'], into, depth + 1);
  }
}

function names(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((v) => (isNode(v) ? text(v.name) : text(v)))
    .filter((n): n is string => n !== null && !/^https?:\/\//.test(n));
}

function urlOf(value: unknown): string | null {
  if (isNode(value)) return text(value['@id']) ?? text(value.url);
  return text(value);
}

export function readJsonLdArticle(blocks: string[]): JsonLdArticle | null {
  const nodes: Node[] = [];
  for (const block of blocks) {
    try {
      collectNodes(JSON.parse(block), nodes);
    } catch {
      // Broken JSON-LD is frequent in the wild; the page's other metadata still applies.
    }
  }
  const article = nodes.find((n) => types(n).some((t) => ARTICLE_TYPES.has(t)));
  if (!article) return null;
  const publisher = isNode(article.publisher) ? text(article.publisher.name) : text(article.publisher);
  return {
    headline: text(article.headline) ?? text(article.name),
    datePublished: text(article.datePublished) ?? text(article.dateCreated),
    authors: names(article.author),
    publisher,
    url: text(article.url) ?? urlOf(article.mainEntityOfPage),
    description: text(article.description),
    language: text(article.inLanguage),
    articleBody: isFreeToRead(article) ? text(article.articleBody) : null,
  };
}

/** `isAccessibleForFree` is a boolean, or the strings "False"/"false" in the markup Google's guide shows. */
const notFree = (v: unknown): boolean => v === false || (typeof v === 'string' && v.trim().toLowerCase() === 'false');

function isFreeToRead(article: Node): boolean {
  if (notFree(article.isAccessibleForFree)) return false;
  const parts = Array.isArray(article.hasPart) ? article.hasPart : [article.hasPart];
  return !parts.some((part) => isNode(part) && notFree(part.isAccessibleForFree));
}
