import { detectWall } from './page-walls';

const article = `<html><head><title>Dam opens its gates</title></head><body><h1>Dam opens its gates</h1>
  <div class="cookie-banner">We value your privacy. Accept all cookies?</div>
  <p>${'The new dam on the Ellis river opened on Monday after six years of building. '.repeat(20)}</p>
  <a href="/login">Sign in to comment</a></body></html>`;

const page = (html: string, extra: Partial<{ status: number; requestedUrl: string; finalUrl: string }> = {}) => ({
  status: 200,
  requestedUrl: 'https://courier.example/news/dam',
  finalUrl: 'https://courier.example/news/dam',
  html,
  ...extra,
});

describe('detectWall', () => {
  it('lets a real article through, consent banner and sign-in link beside it included', () => {
    expect(detectWall(page(article))).toBeNull();
  });

  it('recognizes a consent wall by its wording on a page with no article', () => {
    const html =
      '<html><head><title>Courier</title></head><body><h2>Before you continue</h2><p>We use cookies. Accept all cookies or manage your consent preferences.</p><button>Accept</button></body></html>';
    expect(detectWall(page(html))).toMatchObject({ wall: 'consent-wall' });
  });

  it('recognizes a redirect to a consent host', () => {
    expect(
      detectWall(
        page('<p>ok</p>', { finalUrl: 'https://consent.courier.example/?continue=https://courier.example/news/dam' }),
      ),
    ).toMatchObject({ wall: 'consent-wall' });
  });

  it('recognizes a bot check answered 403 or 503', () => {
    const html =
      '<html><title>Just a moment</title><body>Checking your browser before accessing the site.</body></html>';
    expect(detectWall(page(html, { status: 503 }))).toMatchObject({ wall: 'bot-wall' });
  });

  it('recognizes a login wall and a soft 404', () => {
    expect(detectWall(page('<form><input name=u><input type="password" name=p></form>'))).toMatchObject({
      wall: 'login-wall',
    });
    expect(detectWall(page('<title>Page not found – Courier</title><p>Try the search.</p>'))).toMatchObject({
      wall: 'soft-404',
    });
    expect(detectWall(page('<p>Home</p>', { finalUrl: 'https://courier.example/' }))).toMatchObject({
      wall: 'soft-404',
    });
    expect(detectWall(page('<title>404 – Courier</title><p>Nothing here.</p>'))).toMatchObject({ wall: 'soft-404' });
    expect(detectWall(page('<title>Error 404 | Courier</title><p>Nothing here.</p>'))).toMatchObject({
      wall: 'soft-404',
    });
  });

  it('does not take a short news brief about Route 404 for a missing page', () => {
    expect(
      detectWall(page('<title>Route 404 closed after crash</title><p>The road reopens at noon, police said.</p>')),
    ).toBeNull();
  });
});
