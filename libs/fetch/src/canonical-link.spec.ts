import { declaredCanonical } from './canonical-link';

describe('declaredCanonical', () => {
  it('reads rel=canonical from the head, resolved and without tracking parameters', () => {
    const html = `<html><head><link rel="stylesheet" href="/a.css"><link href='/news/dam?utm_source=amp&amp;id=3' rel='canonical'></head><body></body></html>`;
    expect(declaredCanonical(html, 'https://courier.example/amp/news/dam')).toBe(
      'https://courier.example/news/dam?id=3',
    );
  });

  it('ignores a canonical pointing at the front page, and a missing one', () => {
    expect(
      declaredCanonical('<link rel="canonical" href="https://courier.example/">', 'https://courier.example/news/dam'),
    ).toBeNull();
    expect(
      declaredCanonical('<html><body><link rel="canonical" href="/x"></body></html>', 'https://courier.example/a'),
    ).toBeNull();
  });
});
