import { domToText, type DomNode } from './dom-text';

// Hand-built node trees: the walker needs only nodeType, localName, textContent, childNodes and getAttribute.
const text = (t: string): DomNode => ({ nodeType: 3, textContent: t, childNodes: [] });
function el(localName: string, children: DomNode[], attrs: Record<string, string> = {}): DomNode {
  return {
    nodeType: 1,
    localName,
    childNodes: children,
    get textContent() {
      return children.map((c) => c.textContent ?? '').join('');
    },
    getAttribute: (name) => attrs[name] ?? null,
  };
}

describe('domToText', () => {
  it('emits one block per paragraph-level element and line breaks for <br>', () => {
    const root = el('div', [
      el('h2', [text('Heading')]),
      el('p', [text('First  '), el('b', [text('bold')]), text('\n text.')]),
      el('p', [text('Line one'), el('br', []), text('line two')]),
    ]);
    expect(domToText(root, { skipChrome: false }).text).toBe('Heading\n\nFirst bold text.\n\nLine one\nline two');
  });

  it('marks list items and sets captions aside as removed lines', () => {
    const root = el('div', [
      el('ul', [el('li', [text('one')]), el('li', [text('two')])]),
      el('figure', [el('img', []), el('figcaption', [text('A boat. Photo: Ana Ruiz')])]),
    ]);
    expect(domToText(root, { skipChrome: false })).toEqual({
      text: '\u2022 one\n\n\u2022 two',
      removed: [{ rule: 'caption', text: 'A boat. Photo: Ana Ruiz' }],
    });
  });

  it('skips page chrome by tag and class when walking a whole body', () => {
    const root = el('body', [
      el('nav', [text('Home')]),
      el('div', [el('p', [text('Cookies?')])], { class: 'cookie-banner' }),
      el('p', [text('Story.')]),
      el('section', [el('p', [text('Nice!')])], { id: 'comments' }),
    ]);
    expect(domToText(root, { skipChrome: true }).text).toBe('Story.');
    expect(domToText(root, { skipChrome: false }).text).toBe('Home\n\nCookies?\n\nStory.\n\nNice!');
  });

  it('survives very deep nesting (iterative walk)', () => {
    let node = el('p', [text('deep')]);
    for (let i = 0; i < 20_000; i++) node = el('span', [node]);
    expect(domToText(el('div', [node]), { skipChrome: false }).text).toBe('deep');
  });
});
