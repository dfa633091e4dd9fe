import { HARBOUR_STORM, HARBOUR_STORM_REWRITE } from '../../libs/stories/src/testing/fictional-articles';
import { Stack } from '../support/stack';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December']; // prettier-ignore

/** "Published: March 4, 2009", the stamp a crawler hands over at the top of an article's text. */
const publishedStamp = (date: Date): string =>
  `Published: ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;

/**
 * Which time an article is grouped at when its text states a date: a dated report and an undated one of the same
 * event, both arriving now (a backfill of an archive), end up in one story; a recent date is used as given.
 */
describe('the time an article is grouped at', () => {
  let env: TestEnvironment;
  let stack: Stack;

  beforeAll(async () => {
    env = await createTestEnvironment('article-time');
    stack = await Stack.start(env.config, ['normalize', 'dedupe', 'entities']);
  });

  afterAll(async () => {
    await stack?.stop();
    await env?.teardown();
  });

  async function post(externalId: string, title: string, paragraphs: string[]) {
    const { status, body } = await stack.postArticle({
      source: 'archive',
      externalId,
      title,
      body: paragraphs.join('\n\n'),
    });
    expect(status).toBe(202);
    const [view] = await stack.waitForArticles([body.id]);
    expect(view.status).toBe('done');
    return stack.get(`/v1/articles/${body.id}`);
  }

  it('sets aside a date in the text older than the story window, so a backfill keeps one event together', async () => {
    const dated = await post('storm-dated', 'Storm breaks Port Alder breakwater', [
      publishedStamp(new Date('2009-03-04T00:00:00Z')),
      ...HARBOUR_STORM,
    ]);
    const undated = await post('storm-undated', 'Fish market flooded as breakwater fails', HARBOUR_STORM_REWRITE);

    expect(undated.storyId).toBe(dated.storyId);
    // The date stays the article's publication date; only the grouping does not use it.
    expect(dated.normalized.publishedAt).toBe('2009-03-04T00:00:00.000Z');
    expect(dated.normalized.metadata.publishedAt).toEqual({ value: '2009-03-04', source: 'text' });
    expect(dated.storyDecision.time).toEqual({
      at: dated.stages.receivedAt,
      basis: 'received',
      note: 'the date in the text is older than the story window',
    });
    expect(undated.storyDecision.time).toEqual({ at: undated.stages.receivedAt, basis: 'received' });
  });

  it('groups an article at a date in its text that agrees with its arrival', async () => {
    const yesterday = new Date(Date.now() - 24 * 3_600_000);
    const view = await post('storm-yesterday', 'Port Alder counts the cost of the storm', [
      publishedStamp(yesterday),
      ...HARBOUR_STORM_REWRITE,
    ]);
    const day = yesterday.toISOString().slice(0, 10);
    expect(view.storyDecision.time).toEqual({ at: `${day}T00:00:00.000Z`, basis: 'published' });
  });
});
