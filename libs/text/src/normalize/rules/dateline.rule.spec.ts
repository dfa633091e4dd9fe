import { parseDateline } from './dateline.rule';

describe('dateline rule', () => {
  it.each([
    ['KYIV, Apr 07 (AP/BBC): Ukraine told residents', 'KYIV', '--04-07', ['AP', 'BBC'], 'Ukraine told residents'],
    ['Kyiv, Ukraine (AP) \u2013 Ukraine has told', 'Kyiv, Ukraine', null, ['AP'], 'Ukraine has told'],
    [
      'date 2022-04-08 SEVERODONETSK, Ukraine: Ukraine urged',
      'SEVERODONETSK, Ukraine',
      '2022-04-08',
      [],
      'Ukraine urged',
    ],
    ['WASHINGTON (Reuters) - The Senate voted', 'WASHINGTON', null, ['REUTERS'], 'The Senate voted'],
    ['PARIS, March 3, 2023 (AFP) - Strikes halted trains', 'PARIS', '2023-03-03', ['AFP'], 'Strikes halted trains'],
    ['LONDON \u2014 The Bank of England held rates', 'LONDON', null, [], 'The Bank of England held rates'],
    // A credit we cannot name as an agency still closes a dateline when the place is shouted or a date is given.
    ['PORT ELLIS, Mar 3 (Wire): A storm surge flooded', 'PORT ELLIS', '--03-03', [], 'A storm surge flooded'],
  ])('parses %p', (paragraph, place, date, agencies, rest) => {
    const m = parseDateline(paragraph, null);
    expect(m?.dateline.place).toBe(place);
    expect(m?.dateline.date).toBe(date);
    expect(m?.agencies).toEqual(agencies);
    expect(m?.rest).toBe(rest);
  });

  it('dates a year-less dateline from the reference, going back a year across New Year', () => {
    expect(parseDateline('KYIV, Apr 07 (AP): Text', '2022-04-08T00:00:00Z')?.dateline.date).toBe('2022-04-07');
    expect(parseDateline('KYIV, Dec 31 (AP): Text', '2023-01-02T00:00:00Z')?.dateline.date).toBe('2022-12-31');
  });

  it.each([
    'Prime Minister Jane Doe said: The plan is ready.',
    'BREAKING: The plan is ready.',
    'Kyiv: The city woke to sirens.',
    'UK\u2013Russia talks resume in Geneva.',
    'Ukraine (Kyiv) - The talks resume.',
    'Bucha (Local Radio) - Residents returned.',
    'The plan, he said: it is ready.',
  ])('rejects %p', (paragraph) => expect(parseDateline(paragraph, null)).toBeNull());
});
