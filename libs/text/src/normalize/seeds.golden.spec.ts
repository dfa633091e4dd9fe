import { foldForMatching, normalizeArticle, type NormalizedArticle } from './index';
import { describeWithSharedData } from '../../../../test/support/shared-data';
import { readSeed } from './testing/seeds';

// Hand-checked expected results for the five seed articles (read from ../shared/seeds, never copied here).
// Assertions use short prefixes and counts rather than full text.

const describeSeed = describeWithSharedData('seeds');
const normalizeSeed = (prefix: string, extra: object = {}) => normalizeArticle({ body: readSeed(prefix), ...extra });

function headings(a: NormalizedArticle) {
  return a.sections.map((s) => s.heading);
}

function paragraphCounts(a: NormalizedArticle) {
  return a.sections.map((s) => s.paragraphs.length);
}

function expectCommonInvariants(a: NormalizedArticle) {
  expect(a.sections.filter((s) => s.lead)).toHaveLength(1);
  expect(a.sections[0].lead).toBe(true);
  for (const s of a.sections) for (const p of s.paragraphs) expect(p).not.toMatch(/\n|^\s|\s$|\s{2}/);
  expect(a.language).toEqual({ code: 'en', confidence: expect.any(Number), source: 'detected' });
  expect(a.language.confidence).toBeGreaterThan(0.5);
  expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
  expect(a.version).toMatch(/^\d+\.\d+\.\d+$/);
}

describeSeed('seed 000: AP lead, then two BBC live items under broken headlines', () => {
  const a = normalizeSeed('000');

  it('cuts the dateline from the text and records it', () => {
    expect(a.metadata.dateline).toEqual({ place: 'KYIV', date: '--04-07', raw: 'KYIV, Apr 07 (AP/BBC):' });
    expect(a.sections[0].paragraphs[0]).toMatch(/^Ukraine told residents of its industrial heartland/);
    expect(a.metadata.agencies).toEqual(['AP', 'BBC']);
  });

  it('rejoins the two broken headlines and splits three sections, the first being the lead', () => {
    expect(headings(a)).toEqual([
      null,
      'Russian forces used civilians as human shields',
      'Ukraine-Hungary rift escalates over Russian sanctions',
    ]);
    expect(paragraphCounts(a)).toEqual([6, 4, 5]);
    expect(a.report.rules).toContainEqual({ name: 'broken-line', count: 2 });
    expect(a.report.removed).toEqual([]);
  });

  it('derives a title from the first sentence and has no date without a reference year', () => {
    expect(a.title?.source).toBe('text');
    expect(a.title?.value).toMatch(/^Ukraine told residents .*\u2026$/);
    expect(a.metadata.publishedAt).toBeNull();
    expectCommonInvariants(a);
  });

  it('dates the year-less dateline from receivedAt', () => {
    const received = normalizeSeed('000', { receivedAt: '2022-04-07T18:00:00Z' });
    expect(received.metadata.dateline?.date).toBe('2022-04-07');
    expect(received.metadata.publishedAt).toEqual({ value: '2022-04-07', source: 'dateline' });
  });
});

describeSeed('seed 001: AP story with a headline line, a video teaser and trailing furniture', () => {
  const a = normalizeSeed('001');

  it('takes the headline line as title and the (AP) dateline as metadata', () => {
    expect(a.title).toEqual({
      value: 'Ukraine is looking for weapons from NATO, as the battle on the eastern front is approaching',
      source: 'text',
    });
    expect(a.metadata.dateline).toEqual({ place: 'Kyiv, Ukraine', date: null, raw: 'Kyiv, Ukraine (AP) \u2013' });
    expect(a.sections[0].paragraphs[0]).toMatch(/^Ukraine has told residents of its industrial center/);
    expect(a.metadata.agencies).toEqual(['AP']);
  });

  it('removes the teaser, the follow line and the comment prompt, and keeps the contributor line', () => {
    expect(a.report.removed).toEqual([
      { rule: 'media-teaser', text: 'Sketch video on youtube' },
      { rule: 'share-follow', text: 'Follow the coverage of the AP war at' },
      { rule: 'comment-prompt', text: 'Leave a Comment' },
    ]);
    const last = a.sections[0].paragraphs.at(-1) ?? '';
    expect(last).toMatch(/^Alexander Stashevsky and Kara Anna/);
    expect(last).toMatch(/contributed to the report\.$/);
  });

  it('keeps typographic punctuation in the display text', () => {
    expect(headings(a)).toEqual([null]);
    expect(paragraphCounts(a)).toEqual([37]);
    expect(a.text).toContain('\u201CMy agenda is very simple \u2013 it\u2019s weapons');
    expectCommonInvariants(a);
  });
});

describeSeed('seed 002: hard-wrapped AFP text with a photo caption and quoted crossheads', () => {
  const a = normalizeSeed('002');

  it('re-flows wrapped lines into paragraphs', () => {
    expect(a.sections[0].paragraphs[0]).toMatch(/^Ukraine urged its residents in the east .* shocked the world\.$/);
    expect(a.sections[0].paragraphs[1]).toMatch(
      /^Six weeks after Russia invaded its neighbor, .* evacuate civilians\.$/,
    );
    expect(a.text).toContain('warned that Russia \u2014 which denies responsibility for the killings');
  });

  it('keeps the crossheads as section headings', () => {
    expect(headings(a)).toEqual([
      null,
      "'Nowhere to go'",
      "'Weapons, weapons, weapons'",
      "'Brutality and inhumanity'",
      "Sanctions 'not enough'",
    ]);
    expect(paragraphCounts(a)).toEqual([10, 9, 6, 10, 5]);
  });

  it('removes the photo caption with its credit and credits TASS and AFP', () => {
    expect(a.report.removed).toHaveLength(1);
    expect(a.report.removed[0].rule).toBe('caption');
    expect(a.report.removed[0].text).toMatch(
      /^A Lugansk People's Republic .* Smolyaninovo\. Gavriil Grigorov \/ TASS$/,
    );
    expect(a.metadata.agencies).toEqual(['TASS', 'AFP']);
    expect(a.metadata.dateline).toBeNull();
    expect(a.title).toEqual({ value: expect.stringMatching(/^Ukraine urged its residents/), source: 'text' });
    expectCommonInvariants(a);
  });
});

describeSeed('seed 003: the same AFP story, unwrapped, with an ISO-dated dateline', () => {
  const a = normalizeSeed('003');

  it('reads place and date from the dateline and uses it as the published date', () => {
    expect(a.metadata.dateline).toEqual({
      place: 'SEVERODONETSK, Ukraine',
      date: '2022-04-08',
      raw: 'date 2022-04-08 SEVERODONETSK, Ukraine:',
    });
    expect(a.metadata.publishedAt).toEqual({ value: '2022-04-08', source: 'dateline' });
    expect(a.sections[0].paragraphs[0]).toMatch(/^Ukraine urged its residents in the east of the country on Thursday/);
  });

  it('has one lead section, nothing removed, AFP credited', () => {
    expect(headings(a)).toEqual([null]);
    expect(paragraphCounts(a)).toEqual([15]);
    expect(a.report.removed).toEqual([]);
    expect(a.metadata.agencies).toEqual(['AFP']);
    expectCommonInvariants(a);
  });

  it('shares sentences with the wrapped edit of seed 002 once both are normalized', () => {
    const wrapped = foldForMatching(normalizeSeed('002').text);
    expect(wrapped).toContain(foldForMatching('Trench positions were being dug, and the road was littered'));
    expect(foldForMatching(a.text)).toContain(
      foldForMatching('Trench positions were being dug, and the road was littered'),
    );
  });
});

describeSeed('seed 004: headline, mid-article photo caption, agency credit and a newsletter footer', () => {
  const a = normalizeSeed('004');

  it('takes the headline line as title', () => {
    expect(a.title).toEqual({
      value: 'Rockets launched at civilians as Ukraine-Russia negotiations end',
      source: 'text',
    });
    expect(a.sections[0].paragraphs[0]).toMatch(/^Russian and Ukrainian delegates have spent five hours/);
  });

  it('removes caption, credit line and the footer, recording each with its rule', () => {
    expect(a.report.removed.map((r) => r.rule)).toEqual([
      'caption',
      'agency-credit',
      'tail-furniture',
      'newsletter',
      'newsletter',
    ]);
    expect(a.report.removed[0].text).toMatch(/^Mothers and sick children .* Photo: Getty$/);
    expect(a.report.removed[1].text).toBe('-with AAP');
    expect(a.report.removed[4].text).toBe('Get notified about new articles');
    expect(a.sections[0].paragraphs.at(-1)).toMatch(/^The UN Human Rights Council agreed/);
  });

  it('credits AAP and keeps a single lead section', () => {
    expect(a.metadata.agencies).toEqual(['AAP']);
    expect(headings(a)).toEqual([null]);
    expect(paragraphCounts(a)).toEqual([25]);
    expect(a.metadata.dateline).toBeNull();
    expectCommonInvariants(a);
  });
});
