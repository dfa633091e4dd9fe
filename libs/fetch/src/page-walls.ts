/** A page that stands in front of the article instead of being it. */
export type PageWall = 'bot-wall' | 'consent-wall' | 'login-wall' | 'soft-404';

export interface WallVerdict {
  wall: PageWall;
  /** What gave it away, for the article's fetch reason. */
  evidence: string;
}

/**
 * Below this many words of visible text a page has no article in it, so wall wording on it is what it is about.
 * Above it, the same wording is a consent banner or a "sign in to comment" link beside a real article.
 */
const ARTICLE_WORDS = 150;

const BOT_WALL = [
  /\bcaptcha\b/i,
  /are you (a )?(robot|human)/i,
  /verify(ing)? (that )?you are (a )?human/i,
  /checking your browser/i,
  /enable (javascript|cookies) and (cookies|javascript)/i,
  /unusual traffic from your (computer|network)/i,
  /access (to this page has been )?denied/i,
  /request (has been )?blocked/i,
];
const CONSENT_WALL = [
  /\b(accept|agree to) (all )?(the )?cookies\b/i,
  /we value your privacy/i,
  /your (privacy|cookie) (choices|settings|preferences)/i,
  /consent to (the use of|our use of)? ?(cookies|your data|personal data)/i,
  /before you continue/i,
  /manage (your )?(consent|cookie) (preferences|settings)/i,
];
const LOGIN_WALL = [
  /\b(sign|log) ?in to (continue|read|keep reading|access)/i,
  /subscribe (now )?to (continue|read|keep reading)/i,
  /this (article|content|story) is (only )?(available|reserved) (to|for) (subscribers|members)/i,
  /create a free account to (continue|read)/i,
];
const NOT_FOUND = [
  /page (was )?not found/i,
  // A bare 404 is also a road, a flight, a count: only one that opens the title or says what it is.
  /^\W*404\b/,
  /\b404\b\W*(error|not found)|\berror\W*404\b/i,
  /(page|article|story) (you('re| are) looking for|you requested) (does ?n[o']t|no longer) exists?/i,
  /(page|article|story) (has been|was) (removed|deleted)/i,
  /sorry,? (we|this page) (could ?n[o']t|can(no|')t) (find|be found)/i,
];

const URL_CLUES: { wall: PageWall; pattern: RegExp }[] = [
  { wall: 'consent-wall', pattern: /^(consent|privacy|cmp|gdpr)[.-]|\/(consent|cookie-?consent|privacy-gate|gdpr)\b/i },
  { wall: 'login-wall', pattern: /\/(login|log-in|signin|sign-in|account\/login|subscribe|paywall)\b/i },
  { wall: 'soft-404', pattern: /\/(404|not-?found|error)(\.html?)?([/?#]|$)/i },
];

/**
 * Recognizes a page that is not the article asked for: a bot check, a cookie-consent or login wall, or a "not
 * found" page answered with 200 (a soft 404). Judged on what a reader would see — the URL the request ended on,
 * the title and headings, and whether there is article-length text at all — never on markup that any site may
 * carry (a consent banner script is on most real articles too). Heuristic by nature: it errs towards letting a
 * page through, since a missed wall becomes a short article, while a wrong verdict loses a real one.
 */
export function detectWall(page: {
  status: number;
  requestedUrl: string;
  finalUrl: string;
  html: string;
}): WallVerdict | null {
  const text = visibleText(page.html);
  const words = text.split(/\s+/).filter(Boolean).length;
  const title = headline(page.html);
  const short = words < ARTICLE_WORDS;

  if (page.status === 403 || page.status === 429 || page.status === 503) {
    const hit = firstMatch(BOT_WALL, `${title} ${text}`);
    if (hit) return { wall: 'bot-wall', evidence: `HTTP ${page.status} with "${hit}"` };
  }
  if (page.finalUrl !== page.requestedUrl) {
    const final = new URL(page.finalUrl);
    const where = `${final.hostname}${final.pathname}`;
    for (const clue of URL_CLUES) {
      if (clue.pattern.test(where)) return { wall: clue.wall, evidence: `redirected to ${page.finalUrl}` };
    }
    const requested = new URL(page.requestedUrl);
    if (
      final.pathname === '/' &&
      requested.pathname !== '/' &&
      final.hostname.endsWith(requested.hostname.replace(/^www\./, ''))
    ) {
      return { wall: 'soft-404', evidence: `redirected to the site's front page (${page.finalUrl})` };
    }
  }
  if (!short) return null;
  const checks: [PageWall, RegExp[]][] = [
    ['bot-wall', BOT_WALL],
    ['consent-wall', CONSENT_WALL],
    ['login-wall', LOGIN_WALL],
  ];
  for (const [wall, patterns] of checks) {
    const hit = firstMatch(patterns, `${title} ${text}`);
    if (hit) return { wall, evidence: `"${hit}" on a page of ${words} words` };
  }
  if (/<input\b[^>]*type\s*=\s*["']?password/i.test(page.html)) {
    return { wall: 'login-wall', evidence: `a password field on a page of ${words} words` };
  }
  const notFound = firstMatch(NOT_FOUND, title);
  if (notFound) return { wall: 'soft-404', evidence: `"${notFound}" in the title of a page of ${words} words` };
  return null;
}

function firstMatch(patterns: RegExp[], text: string): string | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}

/** The page's <title> and first <h1>, as text. */
function headline(html: string): string {
  const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '';
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1] ?? '';
  return collapse(`${title} ${h1}`.replace(/<[^>]*>/g, ' '));
}

/** A reader's view of the page, roughly: the markup, scripts, styles and templates gone. */
function visibleText(html: string): string {
  return collapse(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;|&#160;/gi, ' ')
      .replace(/&amp;/gi, '&'),
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
