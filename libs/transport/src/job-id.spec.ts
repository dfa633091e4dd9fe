import { assertValidJobId, assertValidQueueName, jobId } from './job-id';

describe('jobId', () => {
  it('joins article id and stage with a dot', () => {
    expect(jobId('3f2b8c1e-6a4d-4e2f-9b1a-0c5d7e8f9a10', 'normalize')).toBe(
      '3f2b8c1e-6a4d-4e2f-9b1a-0c5d7e8f9a10.normalize',
    );
  });

  it('never produces a ":" and keeps different tuples apart', () => {
    expect(jobId('source:feed', 'x')).toBe('source%3Afeed.x');
    expect(jobId('a.b', 'c')).not.toBe(jobId('a', 'b.c'));
  });

  it('accepts numbers as parts but refuses empty input', () => {
    expect(jobId(42, 'dedupe')).toBe('42.dedupe');
    expect(() => jobId()).toThrow(/at least one part/);
    expect(() => jobId('a', '')).toThrow(/part 1 is empty/);
    expect(() => jobId(42)).toThrow(/integer/);
  });
});

describe('assertValidJobId / assertValidQueueName', () => {
  it('rejects the ids BullMQ rejects', () => {
    expect(() => assertValidJobId('a:b:c')).toThrow(/':'/);
    expect(() => assertValidJobId('7')).toThrow(/integer/);
    expect(() => assertValidJobId('')).toThrow(/empty/);
    expect(() => assertValidJobId('7.normalize')).not.toThrow();
  });

  it('rejects queue names with ":"', () => {
    expect(() => assertValidQueueName('normalize')).not.toThrow();
    expect(() => assertValidQueueName('a:b')).toThrow(/must not contain ':'/);
  });
});
