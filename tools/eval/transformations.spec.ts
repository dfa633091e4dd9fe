import { seededRandom } from './random';
import { addDateline, dropSentence, respell, rewrap, truncate } from './transformations';

const TEXT =
  'The harbor center was damaged. Officials said the defense wall failed.\n\nWorkers traveled overnight. The mayor will organize repairs. Boats moved to Wendel Bay.';

describe('transformations', () => {
  it('are deterministic for a seed', () => {
    expect(truncate(TEXT, seededRandom(1))).toBe(truncate(TEXT, seededRandom(1)));
  });

  it('truncate keeps a leading part of the sentences', () => {
    const out = truncate(TEXT, seededRandom(3));
    expect(TEXT.replace(/\s+/g, ' ').startsWith(out.replace(/\s+/g, ' '))).toBe(true);
    expect(out.length).toBeLessThan(TEXT.length);
  });

  it('respell turns US spellings British', () => {
    expect(respell('The harbor center and its defense were organized; crews traveled.', seededRandom(1))).toBe(
      'The harbour centre and its defence were organised; crews travelled.',
    );
  });

  it('rewrap only changes whitespace, dateline only adds a prefix, dropSentence removes one sentence', () => {
    expect(rewrap(TEXT, seededRandom(2)).replace(/\s+/g, ' ')).toBe(TEXT.replace(/\s+/g, ' '));
    expect(addDateline(TEXT, seededRandom(2)).endsWith(TEXT)).toBe(true);
    const dropped = dropSentence(TEXT, seededRandom(2));
    expect(dropped.split(/[.!?]/).length).toBe(TEXT.split(/[.!?]/).length - 1);
  });
});
