import { agencyCode, findAgencyCredits } from './agencies';

const codes = (p: string) => findAgencyCredits(p).map((c) => c.code);

describe('agency credits', () => {
  it.each([
    ['KYIV, Apr 07 (AP/BBC): Ukraine told residents', ['AP', 'BBC']],
    ['"We have nowhere to go," a resident told AFP.', ['AFP']],
    ['-with AAP', ['AAP']],
    ['Villagers said so, the BBC has been told.', ['BBC']],
    ['Associated Press journalists around the world contributed.', ['AP']],
    ['On Wednesday, the Associated Press saw two bodies.', ['AP']],
    ['A soldier near a school. Jane Doe / TASS', ['TASS']],
    ['By Jane Doe, Reuters', ['REUTERS']],
    // A name glued to a word is no mention, but a name starting inside it still is.
    ['(xAFP/TASS)', ['TASS']],
    ['xAssociated Press Association journalists', ['PA']],
    ['\u{1D400}AP photo', []],
  ])('credits %p', (p, expected) => expect(codes(p)).toEqual(expected));

  it.each([
    'Russian forces seized two cities, the Interfax news agency reported.',
    'The AP style guide was updated.',
    'Reuters reported the deal last week.',
    'CAP and APEX are not agencies.',
  ])('does not count a mere mention: %p', (p) => expect(codes(p)).toEqual([]));

  it('maps names to canonical codes, longest name first', () => {
    expect(agencyCode('Australian Associated Press')).toBe('AAP');
    expect(agencyCode('Associated Press')).toBe('AP');
    expect(agencyCode('Agence France-Presse')).toBe('AFP');
    expect(agencyCode('ap')).toBeNull();
  });
});
