import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { IngestClient, IngestUnavailableError, PayloadTooLargeError, retryAfterMs } from './ingest-client';

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    expect(retryAfterMs('20')).toBe(20_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(30_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('IngestClient against a local HTTP server', () => {
  let server: Server;
  let url: string;
  let answers: Array<{ status: number; headers?: Record<string, string> }>;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        const { status, headers } = answers.shift() ?? { status: 202 };
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(
          JSON.stringify(
            status === 202 ? { results: [{ index: 0, id: 'a', status: 'received', duplicate: false }] } : {},
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (requests = 0));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('waits as Retry-After asks and tries again while busy', async () => {
    answers = [
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 503, headers: { 'retry-after': '0' } },
    ];
    const retried: string[] = [];
    const client = new IngestClient({ url, retryForMs: 10_000, onRetry: (reason) => retried.push(reason) });
    const results = await client.postBatch([{ title: 'x' }]);
    expect([requests, results]).toEqual([3, [{ index: 0, id: 'a', status: 'received', duplicate: false }]]);
    expect(retried.map((r) => r.slice(0, 3))).toEqual(['429', '503']);
  });

  it('gives up once the retry period is over, as unavailable', async () => {
    answers = [{ status: 503, headers: { 'retry-after': '60' } }];
    await expect(new IngestClient({ url, retryForMs: 1_000 }).postBatch([{ title: 'x' }])).rejects.toThrow(
      IngestUnavailableError,
    );
    expect(requests).toBe(1);
  });

  it('does not retry an internal error: it would be the same on every try', async () => {
    answers = [{ status: 500 }];
    await expect(new IngestClient({ url, retryForMs: 10_000 }).postBatch([{ title: 'x' }])).rejects.toThrow(/500/);
    expect(requests).toBe(1);
  });

  it('tells a body over the limit apart, and does not retry it', async () => {
    answers = [{ status: 413 }];
    await expect(new IngestClient({ url }).postBatch([{ title: 'x' }])).rejects.toThrow(PayloadTooLargeError);
    expect(requests).toBe(1);
  });
});
