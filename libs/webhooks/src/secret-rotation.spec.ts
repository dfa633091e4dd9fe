import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './secret';
import { activeSigningSecrets, DEFAULT_ROTATION_GRACE_MS, rotateSecrets, type StoredSecret } from './secret-rotation';
import { signWebhook } from './signer';

const H = 3_600_000;
const t0 = new Date('2026-11-21T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('secret rotation', () => {
  const first: StoredSecret = { secret: generateWebhookSecret(), createdAt: t0.toISOString(), expiresAt: null };

  it('keeps the previous secret for the grace period; both are signed with meanwhile', () => {
    const { secrets, secret } = rotateSecrets([first], { now: at(H) });
    expect(secrets).toHaveLength(2);
    expect(secrets[0]).toEqual({ secret, createdAt: at(H).toISOString(), expiresAt: null });
    expect(secrets[1].expiresAt).toBe(at(H + DEFAULT_ROTATION_GRACE_MS).toISOString());

    const during = activeSigningSecrets(secrets, at(2 * H));
    expect(during).toEqual([secret, first.secret]);
    const payload = '{"a":1}';
    const headers = signWebhook({ msgId: 'm1', payload, secrets: during });
    expect(() => new Webhook(first.secret).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(payload, headers)).not.toThrow();

    expect(activeSigningSecrets(secrets, at(H + DEFAULT_ROTATION_GRACE_MS))).toEqual([secret]);
  });

  it('rotating twice never extends an older expiry and drops expired secrets', () => {
    const r1 = rotateSecrets([first], { now: at(0), gracePeriodMs: 10 * H });
    const r2 = rotateSecrets(r1.secrets, { now: at(H), gracePeriodMs: 48 * H });
    expect(r2.secrets.map((s) => s.secret)).toEqual([r2.secret, r1.secret, first.secret]);
    expect(r2.secrets[2].expiresAt).toBe(at(10 * H).toISOString());
    const r3 = rotateSecrets(r2.secrets, { now: at(11 * H) });
    expect(r3.secrets.map((s) => s.secret)).not.toContain(first.secret);
  });

  it('grace 0 revokes immediately', () => {
    const { secrets, secret } = rotateSecrets([first], { now: at(H), gracePeriodMs: 0 });
    expect(secrets.map((s) => s.secret)).toEqual([secret]);
  });

  it('validates a provided secret', () => {
    expect(() => rotateSecrets([first], { newSecret: 'whsec_nope' })).toThrow(/invalid webhook secret/);
  });
});
