import { RobotsAnswer, RobotsRules } from './robots-rules';

const robotsTxt = [
  'User-agent: *',
  'Disallow: /private/',
  '',
  'User-agent: Storyline',
  'Disallow: /drafts/',
  'Crawl-delay: 3',
].join('\n');

describe('RobotsRules', () => {
  const rulesFor = (answer: RobotsAnswer) => {
    const asked: string[] = [];
    const rules = new RobotsRules(async (url) => {
      asked.push(url);
      return answer;
    }, 'Storyline');
    return { rules, asked };
  };

  it('applies the group naming our agent, with its crawl delay', async () => {
    const { rules } = rulesFor({ status: 200, text: robotsTxt });
    expect(await rules.check(new URL('https://courier.example/drafts/dam'))).toMatchObject({
      allowed: false,
      reason: 'disallowed by https://courier.example/robots.txt',
    });
    // Our own group replaces the * group: /private/ is not ours to avoid.
    expect(await rules.check(new URL('https://courier.example/private/x'))).toEqual({
      allowed: true,
      crawlDelayMs: 3000,
    });
  });

  it('reads robots.txt once per origin', async () => {
    const { rules, asked } = rulesFor({ status: 200, text: robotsTxt });
    await Promise.all([
      rules.check(new URL('https://courier.example/a')),
      rules.check(new URL('https://courier.example/b')),
    ]);
    await rules.check(new URL('https://courier.example/c'));
    expect(asked).toEqual(['https://courier.example/robots.txt']);
  });

  it('allows everything when robots.txt is missing, and nothing when the site cannot serve it', async () => {
    expect((await rulesFor({ status: 404, text: '' }).rules.check(new URL('https://a.example/x'))).allowed).toBe(true);
    expect((await rulesFor({ status: 503, text: '' }).rules.check(new URL('https://a.example/x'))).allowed).toBe(false);
    expect((await rulesFor({ unreachable: 'ECONNREFUSED' }).rules.check(new URL('https://a.example/x'))).allowed).toBe(
      false,
    );
  });

  it('disallows for now only when the site cannot serve robots.txt: the verdict says when to ask again', async () => {
    const verdict = await rulesFor({ status: 503, text: '' }).rules.check(new URL('https://a.example/x'));
    expect(verdict.retryAfterMs).toBeGreaterThan(0);
    expect(verdict.retryAfterMs).toBeLessThanOrEqual(60_000);
    const disallowed = await rulesFor({ status: 200, text: 'User-agent: *\nDisallow: /' }).rules.check(
      new URL('https://a.example/x'),
    );
    expect(disallowed).toMatchObject({ allowed: false });
    expect(disallowed.retryAfterMs).toBeUndefined();
  });
});
