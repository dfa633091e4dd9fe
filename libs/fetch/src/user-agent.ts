/** The product token sites name in robots.txt to address Storyline's fetcher. */
export const ROBOTS_AGENT = 'Storyline';

/**
 * The fetcher's own version in its User-Agent: it changes when what the fetcher does towards sites changes (how it
 * reads robots.txt, paces requests), which is what a site owner reading their logs cares about.
 */
export const FETCHER_VERSION = '1.0';

/**
 * How Storyline names itself to the sites it fetches: the product token robots.txt groups match, and — when the
 * operator configured one — the URL where a site's owner can find out who runs this copy and how to reach them.
 */
export function userAgent(contactUrl: string | undefined): string {
  const product = `${ROBOTS_AGENT}/${FETCHER_VERSION}`;
  return contactUrl ? `${product} (+${contactUrl})` : product;
}
