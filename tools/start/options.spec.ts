import { DEFAULT_STOP_TIMEOUT_MS, parseArgs, SERVICES, UsageError } from './options';

describe('start: parseArgs', () => {
  it('runs every app by default', () => {
    expect(parseArgs([])).toEqual({ services: [...SERVICES], stopTimeoutMs: DEFAULT_STOP_TIMEOUT_MS, help: false });
  });

  it('takes --only as a separate or inline value and keeps the canonical order', () => {
    expect(parseArgs(['--only', 'query,ingest']).services).toEqual(['ingest', 'query']);
    expect(parseArgs(['--only=webhooks, normalize,,normalize']).services).toEqual(['normalize', 'webhooks']);
  });

  it('rejects unknown services, names the valid ones', () => {
    expect(() => parseArgs(['--only', 'ingest,search'])).toThrow(/unknown service\(s\) search; choose from ingest/);
  });

  it('rejects a missing or empty value', () => {
    expect(() => parseArgs(['--only'])).toThrow(UsageError);
    expect(() => parseArgs(['--only', '--stop-timeout', '3'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--only='])).toThrow('at least one service');
  });

  it('parses --stop-timeout in seconds', () => {
    expect(parseArgs(['--stop-timeout', '2.5']).stopTimeoutMs).toBe(2500);
    expect(() => parseArgs(['--stop-timeout=0'])).toThrow('positive number');
    expect(() => parseArgs(['--stop-timeout', 'soon'])).toThrow('positive number');
  });

  it('takes a directory for CPU profiles', () => {
    expect(parseArgs(['--cpu-prof', '/tmp/prof']).cpuProfileDir).toBe('/tmp/prof');
    expect(parseArgs([]).cpuProfileDir).toBeUndefined();
  });

  it('recognises help and rejects anything else', () => {
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['--help']).help).toBe(true);
    expect(() => parseArgs(['ingest'])).toThrow('unknown argument "ingest"');
  });
});
