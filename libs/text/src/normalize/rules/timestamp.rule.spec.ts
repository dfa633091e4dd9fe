import { isPublicationTimestamp, timestampDate, timestampRule } from './timestamp.rule';

describe('timestamp rule', () => {
  it.each([
    ['Published: 7 April 2022', '7 April 2022'],
    ['Updated April 7, 2022 10:31 GMT', 'April 7, 2022'],
    ['Posted on Thursday, 7 Apr 2022', '7 Apr 2022'],
    ['First published 2022-04-07', '2022-04-07'],
  ])('reads the date from %p', (line, date) => {
    expect(timestampRule.matches(line)).toBe(true);
    expect(timestampDate(line)).toBe(date);
  });

  it('ignores lines without a date and prose', () => {
    expect(timestampRule.matches('Published by the ministry on its website.')).toBe(false);
    expect(timestampRule.matches('Updated figures show a rise.')).toBe(false);
  });

  it('tells publication from update timestamps', () => {
    expect(isPublicationTimestamp('Published: 7 April 2022')).toBe(true);
    expect(isPublicationTimestamp('Last updated: 8 April 2022')).toBe(false);
  });
});
