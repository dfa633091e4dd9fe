import { formatCalendarDate, inferYear, parseCalendarDate, toIsoTimestamp } from './dates';

describe('dates', () => {
  it.each([
    ['Apr 07', { year: null, month: 4, day: 7 }],
    ['April 7, 2022', { year: 2022, month: 4, day: 7 }],
    ['7 April 2022', { year: 2022, month: 4, day: 7 }],
    ['Sept. 3', { year: null, month: 9, day: 3 }],
    ['2022-04-08', { year: 2022, month: 4, day: 8 }],
  ])('parses %p', (text, expected) => expect(parseCalendarDate(text)).toEqual(expected));

  it.each(['Apr 31', '2022-02-30', 'Ukraine', '13 Foo 2022', ''])('rejects %p', (text) =>
    expect(parseCalendarDate(text)).toBeNull(),
  );

  it('formats with or without a year', () => {
    expect(formatCalendarDate({ year: null, month: 4, day: 7 })).toBe('--04-07');
    expect(formatCalendarDate({ year: 2022, month: 4, day: 7 })).toBe('2022-04-07');
  });

  it('infers the year from a reference, never from the clock', () => {
    expect(inferYear({ year: null, month: 4, day: 7 }, '2022-04-07T23:00:00Z').year).toBe(2022);
    expect(inferYear({ year: null, month: 12, day: 31 }, '2023-01-01T08:00:00Z').year).toBe(2022);
    expect(inferYear({ year: null, month: 4, day: 7 }, null).year).toBeNull();
    // Received seven months later: not this year's April 7, and no other year can be known.
    expect(inferYear({ year: null, month: 4, day: 7 }, '2026-11-21T05:00:00Z').year).toBeNull();
  });

  it('normalizes metadata timestamps to ISO 8601, treating zone-less times as UTC', () => {
    expect(toIsoTimestamp('2031-03-11T07:45:00+01:00')).toBe('2031-03-11T06:45:00.000Z');
    expect(toIsoTimestamp('2031-03-11 07:45')).toBe('2031-03-11T07:45:00.000Z');
    expect(toIsoTimestamp('2022-04-07')).toBe('2022-04-07');
    expect(toIsoTimestamp('Thu, 07 Apr 2022 10:00:00 GMT')).toBe('2022-04-07T10:00:00.000Z');
    expect(toIsoTimestamp('7 April 2022')).toBe('2022-04-07');
    expect(toIsoTimestamp('yesterday')).toBeNull();
    expect(toIsoTimestamp('Apr 07')).toBeNull();
  });

  it('takes a placeholder date for no date at all', () => {
    for (const placeholder of ['0001-01-01', '0000-00-00T00:00:00Z', '9999-12-31T23:59:59Z', '1000-01-01']) {
      expect(toIsoTimestamp(placeholder)).toBeNull();
    }
    expect(toIsoTimestamp('1800-01-01')).toBe('1800-01-01');
  });
});
