import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/storyline');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.QUEUE_PREFIX).toBe('storyline');
    expect(config.INGEST_PORT).toBe(3000);
    expect(config.QUERY_PORT).toBe(3001);
    expect(config.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(false);
  });

  it('coerces numbers and booleans', () => {
    const config = loadConfig({ INGEST_PORT: '8080', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    expect(config.INGEST_PORT).toBe(8080);
    expect(config.WEBHOOK_ALLOW_PRIVATE_NETWORKS).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ QUEUE_PREFIX: '' }).QUEUE_PREFIX).toBe('storyline');
  });

  it('reports every bad value at once, naming the variable', () => {
    try {
      loadConfig({ INGEST_PORT: 'eighty', DATABASE_URL: 'mysql://x', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'yes' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('INGEST_PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('WEBHOOK_ALLOW_PRIVATE_NETWORKS');
    }
  });

  it('never quotes the password of a bad connection URL', () => {
    const bad = { DATABASE_URL: 'postgres://u:s3cret@127.0.0.1:notaport/x', REDIS_URL: 'redis://:hunter2@host:port' };
    expect(() => loadConfig(bad)).toThrow(/postgres:\/\/u:\*\*\*@127/);
    expect(() => loadConfig(bad)).not.toThrow(/s3cret|hunter2/);
  });

  it('takes a Redis Cluster URL with a hash-tagged QUEUE_PREFIX', () => {
    const cluster = 'redis+cluster://:pw@10.0.0.1:7000,10.0.0.2:7000';
    expect(loadConfig({ REDIS_URL: cluster, QUEUE_PREFIX: '{storyline}' })).toMatchObject({
      REDIS_URL: cluster,
      QUEUE_PREFIX: '{storyline}',
    });
    expect(loadConfig({ QUEUE_PREFIX: '{storyline}' }).QUEUE_PREFIX).toBe('{storyline}'); // fine on one server too
    expect(() => loadConfig({ REDIS_URL: cluster })).toThrow(
      /QUEUE_PREFIX: QUEUE_PREFIX must be a hash tag like \{storyline\} on Redis Cluster/,
    );
    expect(() => loadConfig({ REDIS_URL: cluster, QUEUE_PREFIX: 'app' })).toThrow(/must be a hash tag/);
    for (const bad of ['{}', '{a}{b}', 'a:b', '{a'])
      expect(() => loadConfig({ QUEUE_PREFIX: bad })).toThrow(/QUEUE_PREFIX/);
  });

  it('refuses a Redis Cluster URL without ports, naming the node and not the password', () => {
    const bad = () => loadConfig({ REDIS_URL: 'redis+cluster://:hunter2@10.0.0.1', QUEUE_PREFIX: '{s}' });
    expect(bad).toThrow(/REDIS_URL: Invalid Redis Cluster URL: "10.0.0.1" is not host:port/);
    expect(bad).not.toThrow(/hunter2/);
  });

  it('splits API_KEYS and refuses a short key without quoting it', () => {
    expect(loadConfig({ API_KEYS: ' harbour-key-0123456789 , rotated-key-9876543210 ' }).API_KEYS).toEqual([
      'harbour-key-0123456789',
      'rotated-key-9876543210',
    ]);
    expect(loadConfig({}).API_KEYS).toEqual([]);
    expect(() => loadConfig({ API_KEYS: 'short-secret' })).toThrow(/API_KEYS.*16 or more/);
    expect(() => loadConfig({ API_KEYS: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('takes ports as digits only', () => {
    expect(loadConfig({ INGEST_PORT: '8080', QUERY_PORT: '0' })).toMatchObject({ INGEST_PORT: 8080, QUERY_PORT: 0 });
    for (const bad of [' ', '0x10', '70000', '-1'])
      expect(() => loadConfig({ INGEST_PORT: bad })).toThrow(/INGEST_PORT/);
  });

  it('takes an IP address or a host name as HOST', () => {
    for (const host of ['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'ingest.internal']) {
      expect(loadConfig({ HOST: host }).HOST).toBe(host);
    }
    for (const bad of ['not a host', 'http://x', '-x']) expect(() => loadConfig({ HOST: bad })).toThrow(/HOST/);
  });
});
