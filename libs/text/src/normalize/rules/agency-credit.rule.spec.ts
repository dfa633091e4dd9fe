import { agencyCreditRule } from './agency-credit.rule';

describe('agency-credit rule', () => {
  it.each(['-with AAP', '\u2014 Reuters', '- with AFP and dpa'])('removes %p', (line) =>
    expect(agencyCreditRule.matches(line)).toBe(true),
  );

  it.each(['- faster repairs', '\u2014 and then the talks collapsed.', 'Reporters from AP contributed.'])(
    'keeps %p',
    (line) => expect(agencyCreditRule.matches(line)).toBe(false),
  );
});
