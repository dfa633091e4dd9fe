import { noneMatch } from './conditional-get';

describe('noneMatch', () => {
  const etag = '"abc"';

  it('matches the tag, alone or listed, and its weak form', () => {
    expect(noneMatch('"abc"', etag)).toBe(true);
    expect(noneMatch('"x", "abc"', etag)).toBe(true);
    expect(noneMatch('"x",W/"abc"', etag)).toBe(true);
  });

  it('matches any tag with *', () => {
    expect(noneMatch(' * ', etag)).toBe(true);
  });

  it('does not match another tag, a tag unquoted, or no header', () => {
    expect(noneMatch('"abd"', etag)).toBe(false);
    expect(noneMatch('abc', etag)).toBe(false);
    expect(noneMatch('', etag)).toBe(false);
    expect(noneMatch(undefined, etag)).toBe(false);
  });
});
