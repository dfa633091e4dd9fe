import { parseChaosArgs, UsageError } from './options';

describe('chaos: options', () => {
  it("defaults to #24's run: 10,000 articles, a calm run to compare, ports 4700–4799", () => {
    expect(parseChaosArgs([])).toMatchObject({
      articles: 10_000,
      rate: 20,
      calm: true,
      sweepIntervalMs: 30_000,
      ports: { from: 4700, to: 4799 },
      reportName: 'chaos',
      keep: false,
    });
  });

  it('parses values separate or inline', () => {
    expect(
      parseChaosArgs(['--articles', '1000', '--every=5', '--calm', 'off', '--until', '0.5', '--ports', '4750-4799']),
    ).toMatchObject({ articles: 1000, every: 5, calm: false, until: 0.5, ports: { from: 4750, to: 4799 } });
  });

  it('refuses what it cannot run', () => {
    expect(() => parseChaosArgs(['--articles', '0'])).toThrow('--articles must be an integer from 1');
    expect(() => parseChaosArgs(['--until', '2'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--calm', 'maybe'])).toThrow('--calm takes on or off');
    expect(() => parseChaosArgs(['--ports', '4700-4705'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--report-name', '../x'])).toThrow(UsageError);
    expect(() => parseChaosArgs(['--fast'])).toThrow('unknown option --fast');
  });
});
