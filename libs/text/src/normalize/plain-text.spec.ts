import { splitPlainTextArticle } from './plain-text';

describe('splitPlainTextArticle', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
    ['U+2028', '\u2028'],
    ['U+2029', '\u2029'],
    ['NEL', '\u0085'],
  ])('ends the title at %s and keeps the rest as the body', (_name, eol) => {
    const text = ['  Harbour cranes idle ', '', 'Dock workers walked out.', 'Talks resume on Friday.'].join(eol);
    expect(splitPlainTextArticle(text)).toEqual({
      title: 'Harbour cranes idle',
      body: ['', 'Dock workers walked out.', 'Talks resume on Friday.'].join(eol),
    });
  });

  it('reads a text of one line as a title alone, and a text starting with a line end as a body alone', () => {
    expect(splitPlainTextArticle('Harbour cranes idle')).toEqual({ title: 'Harbour cranes idle', body: '' });
    expect(splitPlainTextArticle('\rDock workers walked out.')).toEqual({
      title: '',
      body: 'Dock workers walked out.',
    });
  });
});
