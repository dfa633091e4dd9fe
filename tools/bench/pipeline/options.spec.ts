import { parseBenchArgs, UsageError } from './options';

describe('bench pipeline: options', () => {
  it('defaults to 10,000 articles, one worker each, both phases', () => {
    expect(parseBenchArgs([])).toMatchObject({
      articles: 10_000,
      workers: 1,
      phases: ['saturation', 'half'],
      keep: false,
      reportName: 'pipeline',
    });
  });

  it('parses values separate or inline', () => {
    expect(parseBenchArgs(['--articles', '2_000', '--workers=2', '--keep', '--seed', '9'])).toMatchObject({
      articles: 2000,
      workers: 2,
      keep: true,
      seed: 9,
    });
    expect(parseBenchArgs(['--report-name', 'pipeline-w2']).reportName).toBe('pipeline-w2');
    expect(parseBenchArgs(['--half-load', 'off']).phases).toEqual(['saturation']);
    expect(parseBenchArgs(['--phases', 'half,saturation']).phases).toEqual(['saturation', 'half']);
  });

  it('refuses what it cannot run', () => {
    expect(() => parseBenchArgs(['--phases', 'half'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--batch', '5000'])).toThrow('--batch must be an integer from 1 to 1000');
    expect(() => parseBenchArgs(['--articles'])).toThrow('--articles needs a value');
    expect(() => parseBenchArgs(['--fast'])).toThrow('unknown argument');
    expect(() => parseBenchArgs(['--report-name', '../x'])).toThrow(UsageError);
  });
});
