// HTTPS through the pinned lookup: the socket goes to the checked IP while TLS still verifies the
// certificate against the URL's hostname. The throwaway certificate is generated with openssl at test time
// (no private key committed); the suite is skipped where openssl is unavailable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { deliverWebhook } from './deliver';
import { generateWebhookSecret } from './secret';
import { signWebhook } from './signer';
import type { HostResolver } from './ssrf-guard';

function makeCert(): { key: string; cert: string } | null {
  const dir = mkdtempSync(join(tmpdir(), 'storyline-webhooks-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=hooks.storyline.test',
        '-addext',
        'subjectAltName=DNS:hooks.storyline.test',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tls = makeCert();
const describeTls = tls ? describe : describe.skip;

describeTls('deliverWebhook over HTTPS', () => {
  let server: https.Server;
  let port: number;
  const secret = generateWebhookSecret();
  const payload = '{"type":"story.created"}';
  const resolver: HostResolver = async () => [{ address: '127.0.0.1', family: 4 }];
  let verified = 0;

  beforeAll(async () => {
    server = https.createServer({ key: tls!.key, cert: tls!.cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        new Webhook(secret).verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>);
        verified++;
        res.end('tls ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const headers = () => signWebhook({ msgId: 'msg_tls', payload, secrets: [secret] });

  it('delivers to a pinned IP while verifying the certificate for the hostname', async () => {
    const agent = new https.Agent({ ca: tls!.cert });
    try {
      const out = await deliverWebhook({
        url: `https://hooks.storyline.test:${port}/in`,
        body: payload,
        headers: headers(),
        allowPrivateNetworks: true,
        resolver,
        agents: { https: agent },
      });
      expect(out).toMatchObject({ classification: 'delivered', statusCode: 200, responseExcerpt: 'tls ok' });
      expect(verified).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('an untrusted certificate is a (retryable) failure, not a delivery', async () => {
    const out = await deliverWebhook({
      url: `https://hooks.storyline.test:${port}/in`,
      body: payload,
      headers: headers(),
      allowPrivateNetworks: true,
      resolver,
    });
    expect(out).toMatchObject({ ok: false, statusCode: null, classification: 'retry' });
    expect(out.error).toMatch(/self[- ]signed|certificate/i);
  });

  it('a certificate for another name is rejected even though the IP matches', async () => {
    const agent = new https.Agent({ ca: tls!.cert });
    try {
      const out = await deliverWebhook({
        url: `https://other.storyline.test:${port}/in`,
        body: payload,
        headers: headers(),
        allowPrivateNetworks: true,
        resolver,
        agents: { https: agent },
      });
      expect(out).toMatchObject({ ok: false, classification: 'retry' });
      expect(out.error).toMatch(/altnames|Hostname\/IP does not match/i);
    } finally {
      agent.destroy();
    }
  });
});
