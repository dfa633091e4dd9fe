import { isPublicationTimestamp, timestampDate, timestampRule } from './timestamp.rule';

describe('timestamp rule', () => {
  it.each([
    ['Published: 7 April 2022', { year: 2022, month: 4, day: 7 }],
    ['Updated April 7, 2022 10:31 GMT', { year: 2022, month: 4, day: 7 }],
    ['Posted on Thursday, 7 Apr 2022', { year: 2022, month: 4, day: 7 }],
    ['First published 2022-04-07', { year: 2022, month: 4, day: 7 }],
    ['May 3, 2013 | 8: 20 am', { year: 2013, month: 5, day: 3 }],
    ['Fri., May. 3, 2013 11: 45 AM PDT', { year: 2013, month: 5, day: 3 }],
    ['12: 52 p. m. EDT May 2, 2013', { year: 2013, month: 5, day: 2 }],
    ['THURSDAY, DECEMBER 3, 2009, 9: 36 AM', { year: 2009, month: 12, day: 3 }],
    ['Posted August 2nd, 2013 at 5: 19 pm', { year: 2013, month: 8, day: 2 }],
    ['26 September 2013, 10: 00 (GMT+05: 00)', { year: 2013, month: 9, day: 26 }],
    ['Updated Thu 6 May 2010, 9: 03am AEST', { year: 2010, month: 5, day: 6 }],
  ])('removes %p and reads its date', (line, date) => {
    expect(timestampRule.matches(line)).toBe(true);
    expect(timestampDate(line)).toEqual(date);
  });

  it('removes a numeric timestamp without guessing its day/month order', () => {
    expect(timestampRule.matches('05 / 02 / 2013')).toBe(true);
    expect(timestampDate('05 / 02 / 2013')).toBeNull();
  });

  it.each([
    'Published by the ministry on its website.',
    'Updated figures show a rise.',
    'May 3 was the day the talks began.',
    '2013 was a record year.',
  ])('keeps prose %p', (line) => expect(timestampRule.matches(line)).toBe(false));

  it('tells publication from update timestamps', () => {
    expect(isPublicationTimestamp('Published: 7 April 2022')).toBe(true);
    expect(isPublicationTimestamp('Last updated: 8 April 2022')).toBe(false);
  });
});
