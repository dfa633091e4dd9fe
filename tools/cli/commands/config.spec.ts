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

  it('throws on a value the services would refuse', () => {
    expect(() => configRows({ INGEST_PORT: 'eighty' })).toThrow(/INGEST_PORT/);
  });
});
