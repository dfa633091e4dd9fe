import { assertValidJobId, assertValidQueueName } from './job-id';

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
