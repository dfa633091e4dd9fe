import { captionRule, lastClause } from './caption.rule';

describe('caption rule', () => {
  it.each([
    'Children shelter in a basement in the city centre. Photo: Getty',
    'A soldier stands near a damaged school in the village. Jane Doe / TASS',
    'Rescue teams search the rubble on Monday. (AP Photo/John Smith)',
    'Photograph: Reuters',
    'Crowds gather outside parliament. Picture by Sam Lee',
    'Workers clear debris from the road. AFP via Getty Images',
  ])('removes the caption %p', (p) => expect(captionRule.matches(p)).toBe(true));

  it.each([
    'The photo was taken on Monday, the agency said.',
    'The ratio was 2/3 of the vote, officials said.',
    'He said the two men, Jane Doe and John Smith, had left the country before the vote on Sunday night.',
  ])('keeps prose %p', (p) => expect(captionRule.matches(p)).toBe(false));

  it('looks only at the clause after the last sentence break', () => {
    expect(lastClause('One. Two three. Jane Doe / TASS')).toBe('Jane Doe / TASS');
    expect(lastClause('No break at all')).toBe('No break at all');
  });
});

describe('caption length limit', () => {
  it('keeps a prose paragraph of several sentences even when it ends in a credit-like clause', () => {
    const p = 'The council met. The vote was close. Residents cheered outside. Photo: Jane Doe / Reuters';
    expect(captionRule.matches(p)).toBe(false);
  });
});
