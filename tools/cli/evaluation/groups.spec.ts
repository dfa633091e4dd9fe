import { Groups } from './groups';

describe('Groups', () => {
  it('joins linked items transitively and lists the pairs within each group', () => {
    const g = new Groups();
    g.link('b', 'a');
    g.link('c', 'a');
    g.link('x', 'y');
    g.add('lonely');
    expect(g.find('c')).toBe(g.find('b'));
    expect(g.find('x')).not.toBe(g.find('a'));
    expect(g.pairs(['a', 'b', 'c', 'x', 'y', 'lonely', 'unknown'])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
      ['x', 'y'],
    ]);
  });

  it('only pairs the items asked about (a group member outside the input joins but is not scored)', () => {
    const g = new Groups();
    g.link('copy1', 'article:outside');
    g.link('copy2', 'article:outside');
    expect(g.pairs(['copy1', 'copy2'])).toEqual([['copy1', 'copy2']]);
  });
});
