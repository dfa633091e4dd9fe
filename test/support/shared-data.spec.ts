import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSharedData, sharedDataFound } from './shared-data';

/** Runs `body` with STORYLINE_SHARED_DIR and CI set as given, restoring both afterwards. */
function withEnv<T>(env: { STORYLINE_SHARED_DIR: string; CI?: string }, body: () => T): T {
  const saved = { STORYLINE_SHARED_DIR: process.env.STORYLINE_SHARED_DIR, CI: process.env.CI };
  const set = (name: 'STORYLINE_SHARED_DIR' | 'CI', value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  set('STORYLINE_SHARED_DIR', env.STORYLINE_SHARED_DIR);
  set('CI', env.CI);
  try {
    return body();
  } finally {
    set('STORYLINE_SHARED_DIR', saved.STORYLINE_SHARED_DIR);
    set('CI', saved.CI);
  }
}

const shared = mkdtempSync(join(tmpdir(), 'shared-data-'));
mkdirSync(join(shared, 'seeds'));
afterAll(() => rmSync(shared, { recursive: true, force: true }));

describe('sharedDataFound', () => {
  let banner: jest.SpyInstance;
  beforeEach(() => {
    banner = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => banner.mockRestore());

  it('finds data that is there, quietly, in CI or not', () => {
    expect(withEnv({ STORYLINE_SHARED_DIR: shared }, () => sharedDataFound('seeds'))).toBe(true);
    expect(withEnv({ STORYLINE_SHARED_DIR: shared, CI: 'true' }, () => sharedDataFound('seeds'))).toBe(true);
    expect(banner).not.toHaveBeenCalled();
  });

  it('outside CI, reports missing data with a banner naming its path and the spec, for the caller to skip', () => {
    expect(withEnv({ STORYLINE_SHARED_DIR: shared }, () => sharedDataFound('datasets/ecbplus-dev'))).toBe(false);
    expect(withEnv({ STORYLINE_SHARED_DIR: shared, CI: 'false' }, () => sharedDataFound('datasets'))).toBe(false);
    expect(banner).toHaveBeenCalledTimes(2);
    expect(banner.mock.calls[0][0]).toContain(
      `SKIPPED in test/support/shared-data.spec.ts: what needs ${join(shared, 'datasets/ecbplus-dev')}, which is missing`,
    );
  });

  it('in CI, throws naming the missing path, so the spec fails', () => {
    expect(() => withEnv({ STORYLINE_SHARED_DIR: shared, CI: 'true' }, () => sharedDataFound('datasets'))).toThrow(
      `shared data missing: ${join(shared, 'datasets')}`,
    );
    expect(banner).not.toHaveBeenCalled();
  });
});

describe('describeWithSharedData', () => {
  it('is describe itself when the data is there', () => {
    expect(withEnv({ STORYLINE_SHARED_DIR: shared }, () => describeWithSharedData('seeds'))).toBe(describe);
  });

  // Declared while this file's tests are collected, as a spec would: the suite must not even be collected.
  const suite = jest.fn();
  const banner = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  withEnv({ STORYLINE_SHARED_DIR: shared }, () => describeWithSharedData('datasets'))('a suite reading it', suite);
  banner.mockRestore();

  it('without the data, leaves the suite unread (a skipped test names the path instead)', () => {
    expect(suite).not.toHaveBeenCalled();
  });
});
