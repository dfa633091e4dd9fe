/** The product token sites name in robots.txt to address Storyline's fetcher. */
export const ROBOTS_AGENT = 'Storyline';

/**
 * How Storyline names itself to the sites it fetches: the product token robots.txt groups match, and — when the
 * operator configured one — the URL where a site's owner can find out who runs this copy and how to reach them.
 */
export function userAgent(version: string, contactUrl: string | undefined): string {
  return contactUrl ? `${ROBOTS_AGENT}/${version} (+${contactUrl})` : `${ROBOTS_AGENT}/${version}`;
}
