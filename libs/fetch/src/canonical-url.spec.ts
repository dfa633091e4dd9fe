import { canonicalUrl } from './canonical-url';

describe('canonicalUrl', () => {
  it('strips tracking parameters and the fragment, and sorts what is left', () => {
    expect(
      canonicalUrl('https://Courier.example:443/news/dam?utm_source=x&page=2&fbclid=abc&id=7&UTM_Medium=y#comments'),
    ).toBe('https://courier.example/news/dam?id=7&page=2');
  });

  it('drops an emptied query entirely', () => {
    expect(canonicalUrl('http://courier.example/a?utm_campaign=spring')).toBe('http://courier.example/a');
  });

  it('resolves a relative link against its page', () => {
    expect(canonicalUrl('/news/dam?gclid=1', 'https://courier.example/section/x')).toBe(
      'https://courier.example/news/dam',
    );
  });

  it('refuses what is not an http(s) URL', () => {
    expect(canonicalUrl('mailto:desk@courier.example')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});
