import { colourFor, makePrefix, paint, prefixLine, shouldColour } from './prefix';

describe('start: log prefixes', () => {
  it('pads names to one width', () => {
    expect(makePrefix('ingest', 9)).toBe('ingest    | ');
    expect(makePrefix('normalize', 9)).toBe('normalize | ');
  });

  it('colours the label only when asked', () => {
    expect(makePrefix('query', 6, 32)).toBe('\u001b[32mquery  |\u001b[0m ');
    expect(paint('boom', undefined)).toBe('boom');
    expect(paint('boom', '\u001b[1;31m')).toBe('\u001b[1;31mboom\u001b[0m');
  });

  it('gives neighbours different colours and never red', () => {
    const colours = Array.from({ length: 6 }, (_, i) => colourFor(i));
    expect(new Set(colours).size).toBe(6);
    expect(colours).not.toContain(31);
  });

  it('prefixes one line and drops a trailing CR', () => {
    expect(prefixLine('ingest | ', '{"msg":"up"}')).toBe('ingest | {"msg":"up"}\n');
    expect(prefixLine('ingest | ', 'dos line\r')).toBe('ingest | dos line\n');
    expect(prefixLine('ingest | ', '')).toBe('ingest | \n');
  });

  it('colours a terminal only, with NO_COLOR and FORCE_COLOR overrides', () => {
    expect(shouldColour(true, {})).toBe(true);
    expect(shouldColour(undefined, {})).toBe(false);
    expect(shouldColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldColour(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldColour(true, { FORCE_COLOR: '0' })).toBe(false);
  });
});
