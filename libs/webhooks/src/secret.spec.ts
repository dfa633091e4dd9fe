import { Webhook } from 'standardwebhooks';
import {
  assertValidWebhookSecret,
  generateWebhookSecret,
  isValidWebhookSecret,
  webhookSecretProblem,
  WEBHOOK_SECRET_PREFIX,
} from './secret';

const decodedLength = (s: string) => Buffer.from(s.slice(WEBHOOK_SECRET_PREFIX.length), 'base64').length;

describe('generateWebhookSecret', () => {
  it('produces whsec_ + base64 of 32 random bytes by default', () => {
    const secret = generateWebhookSecret();
    expect(secret.startsWith('whsec_')).toBe(true);
    expect(decodedLength(secret)).toBe(32);
    expect(isValidWebhookSecret(secret)).toBe(true);
  });

  it.each([24, 25, 33, 64])('supports %i bytes and the result is accepted by standardwebhooks', (n) => {
    const secret = generateWebhookSecret(n);
    expect(decodedLength(secret)).toBe(n);
    expect(isValidWebhookSecret(secret)).toBe(true);
    expect(() => new Webhook(secret)).not.toThrow();
  });

  it('is random', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generateWebhookSecret()));
    expect(seen.size).toBe(100);
  });

  it.each([0, 23, 65, 32.5, NaN])('rejects length %p', (n) => {
    expect(() => generateWebhookSecret(n)).toThrow(RangeError);
  });
});

describe('webhookSecretProblem', () => {
  const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');

  it.each([
    ['missing prefix', b64(32)],
    ['wrong prefix', 'sk_' + b64(32)],
    ['empty body', 'whsec_'],
    ['too short', 'whsec_' + b64(23)],
    ['too long', 'whsec_' + b64(65)],
    ['url-safe alphabet', 'whsec_' + Buffer.alloc(32, 0xfb).toString('base64url')],
    ['unpadded', 'whsec_' + b64(32).replace(/=+$/, '')],
    ['whitespace', 'whsec_ ' + b64(32)],
    ['not a string', 42],
  ])('rejects %s', (_label, secret) => {
    expect(webhookSecretProblem(secret)).not.toBeNull();
    expect(isValidWebhookSecret(secret)).toBe(false);
  });

  it('accepts the Standard Webhooks spec example secret', () => {
    expect(webhookSecretProblem('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
  });

  it('never echoes the secret in the assertion error', () => {
    const bad = 'whsec_' + b64(10);
    expect(() => assertValidWebhookSecret(bad)).toThrow(/invalid webhook secret/);
    try {
      assertValidWebhookSecret(bad);
    } catch (e) {
      expect((e as Error).message).not.toContain(bad.slice(6));
    }
  });
});
