import { UsageError } from '../args';
import { expiryOf } from './keys';

describe('keys create --expires', () => {
  const now = new Date('2031-03-03T10:00:00Z');

  it('takes a duration from now or an ISO time', () => {
    expect(expiryOf('90d', now).toISOString()).toBe('2031-06-01T10:00:00.000Z');
    expect(expiryOf('12h', now).toISOString()).toBe('2031-03-03T22:00:00.000Z');
    expect(expiryOf('2032-01-01T00:00:00Z', now).toISOString()).toBe('2032-01-01T00:00:00.000Z');
    expect(expiryOf('2032-01-01', now).toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });

  it('refuses a time that has passed, and anything else', () => {
    for (const text of ['0d', '2031-03-03T09:59:59Z', '90', 'tomorrow', '2031-13-45']) {
      expect(() => expiryOf(text, now)).toThrow(UsageError);
    }
  });
});
