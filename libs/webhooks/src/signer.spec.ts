import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret } from './secret';
import { DEFAULT_WEBHOOK_USER_AGENT, generateMessageId, signatureHeader, signWebhook } from './signer';

const payload = JSON.stringify({ type: 'story.updated', data: { id: 'st_1', version: 4, title: 'Zürich – “news”' } });

describe('signWebhook', () => {
  it('produces the Standard Webhooks headers plus content-type and user-agent', () => {
    const secret = generateWebhookSecret();
    const at = new Date('2026-11-21T05:00:00.900Z');
    const headers = signWebhook({ msgId: 'msg_1', payload, secrets: [secret], timestamp: at });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe(DEFAULT_WEBHOOK_USER_AGENT);
  });

  it('verifies with standardwebhooks', () => {
    const secret = generateWebhookSecret();
    const headers = signWebhook({ msgId: generateMessageId(), payload, secrets: [secret] });
    expect(new Webhook(secret).verify(payload, headers)).toEqual(JSON.parse(payload));
  });

  it('matches the Standard Webhooks spec test vector', () => {
    // From the spec / reference library tests.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const sig = signatureHeader('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}', [
      secret,
    ]);
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('during rotation sends one signature per secret and each secret alone verifies', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = signWebhook({ msgId: 'msg_rot', payload, secrets: [newSecret, oldSecret] });
    const parts = headers['webhook-signature'].split(' ');
    expect(parts).toHaveLength(2);
    expect(parts.every((p) => p.startsWith('v1,'))).toBe(true);
    expect(() => new Webhook(oldSecret).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(newSecret).verify(payload, headers)).not.toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(payload, headers)).toThrow(WebhookVerificationError);
  });

  it('deduplicates a secret listed twice', () => {
    const s = generateWebhookSecret();
    expect(signWebhook({ msgId: 'm', payload, secrets: [s, s] })['webhook-signature'].split(' ')).toHaveLength(1);
  });

  it('fails verification when the payload is altered', () => {
    const s = generateWebhookSecret();
    const headers = signWebhook({ msgId: 'm', payload, secrets: [s] });
    expect(() => new Webhook(s).verify(payload.replace('4', '5'), headers)).toThrow(WebhookVerificationError);
  });

  it('keeps webhook-id stable across attempts while the timestamp is refreshed', () => {
    const s = generateWebhookSecret();
    const a = signWebhook({ msgId: 'evt_1', payload, secrets: [s], timestamp: new Date(Date.now() - 10_000) });
    const b = signWebhook({ msgId: 'evt_1', payload, secrets: [s] });
    expect(a['webhook-id']).toBe(b['webhook-id']);
    expect(a['webhook-timestamp']).not.toBe(b['webhook-timestamp']);
    expect(() => new Webhook(s).verify(payload, b)).not.toThrow();
  });

  it('rejects no secrets, malformed secrets and unsafe message ids', () => {
    const s = generateWebhookSecret();
    expect(() => signWebhook({ msgId: 'm', payload, secrets: [] })).toThrow(/at least one/);
    expect(() => signWebhook({ msgId: 'm', payload, secrets: ['whsec_short'] })).toThrow(/invalid webhook secret/);
    expect(() => signWebhook({ msgId: 'a b', payload, secrets: [s] })).toThrow(/msgId/);
    expect(() => signWebhook({ msgId: 'a\r\nx: y', payload, secrets: [s] })).toThrow(/msgId/);
    expect(() => signWebhook({ msgId: '', payload, secrets: [s] })).toThrow(/msgId/);
  });

  it('generateMessageId is unique and header safe', () => {
    const ids = new Set(Array.from({ length: 50 }, generateMessageId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
