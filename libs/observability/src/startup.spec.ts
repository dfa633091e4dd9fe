import { describeStartupFailure } from './startup';

describe('describeStartupFailure', () => {
  it('names the port variable when the port is taken', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      address: '127.0.0.1',
      port: 3000,
    });
    expect(describeStartupFailure(error, 'INGEST_PORT')).toBe(
      'cannot listen on 127.0.0.1:3000: the port is in use (set INGEST_PORT)',
    );
  });

  it('points at DATABASE_URL when Postgres refuses or cannot be reached', () => {
    for (const code of ['ECONNREFUSED', '3D000', '28P01']) {
      expect(describeStartupFailure(Object.assign(new Error('nope'), { code }))).toMatch(
        /^Postgres .*DATABASE_URL.*: nope$/,
      );
    }
  });

  it('passes any other message through', () => {
    expect(describeStartupFailure(new Error('something else'))).toBe('something else');
  });
});
