import { configRows } from './config';

describe('configRows', () => {
  it('lists every variable with its value, whether it was set, its default and description', () => {
    const rows = configRows({ INGEST_PORT: '8080', QUEUE_PREFIX: '' });
    const port = rows.find((r) => r.name === 'INGEST_PORT');
    expect(port).toMatchObject({ value: '8080', fromEnvironment: true, defaultValue: '3000' });
    expect(rows.find((r) => r.name === 'QUEUE_PREFIX')).toMatchObject({ value: 'storyline', fromEnvironment: false });
    expect(rows.find((r) => r.name === 'REDIS_URL')?.description).toMatch(/queues/);
  });

  it('masks passwords in connection URLs', () => {
    const rows = configRows({ DATABASE_URL: 'postgres://app:s3cret@db:5432/storyline' });
    expect(rows.find((r) => r.name === 'DATABASE_URL')?.value).toBe('postgres://app:***@db:5432/storyline');
  });

  it('never prints API keys, only how many there are', () => {
    const rows = configRows({ API_KEYS: 'harbour-key-0123456789,rotated-key-9876543210' });
    expect(rows.find((r) => r.name === 'API_KEYS')?.value).toBe('2 keys (hidden)');
    expect(configRows({}).find((r) => r.name === 'API_KEYS')?.value).toBe('(none)');
  });

  it('throws on a value the services would refuse', () => {
    expect(() => configRows({ INGEST_PORT: 'eighty' })).toThrow(/INGEST_PORT/);
  });
});
