import { request as httpRequest, IncomingMessage } from 'node:http';
import { createTestEnvironment, TestEnvironment } from '../support/test-environment';
import { HttpApps, listenHttpApps } from '../support/http-apps';

const KEY = 'hostile-bodies-key-0123456789';
const MiB = 1024 * 1024;
const ARTICLE_LIMIT = 2 * MiB;
const BATCH_LIMIT = 32 * MiB;

interface Answer {
  status: number;
  type: string;
  problem: Record<string, any>;
  /** Bytes of the body the client had handed to its socket when the answer came. */
  sentWhenAnswered: number;
}

/**
 * Sends a request over its own connection, the body in 64 KiB writes (chunked when `length` is not given), and
 * resolves with the answer as soon as it arrives — a server that answers before the body is through is seen
 * doing so. `stopAt` stops sending there (the request is never completed) and waits for an answer.
 */
function send(
  url: string,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
  { length, stopAt = body.length }: { length?: number; stopAt?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { ...headers, ...(length === undefined ? {} : { 'content-length': String(length) }) },
    });
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode!,
          type: String(res.headers['content-type']),
          problem: text ? JSON.parse(text) : {},
          sentWhenAnswered,
        });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < stopAt) {
        const piece = body.subarray(sent, Math.min(sent + 64 * 1024, stopAt));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (!answered && sent === body.length) req.end();
    };
    pump();
  });
}

/** `head`, then `unit` repeated, then `tail`: `size` bytes at most, built as bytes (no string that large). */
const fill = (head: string, unit: string, tail: string, size: number) => {
  const count = Math.floor((size - head.length - tail.length) / unit.length);
  return Buffer.concat([Buffer.from(head), Buffer.alloc(count * unit.length, unit), Buffer.from(tail)]);
};

/**
 * The longest time the event loop was kept from running a timer, counted in CPU time as well as wall time. A
 * timer ticks every 5 ms; a gap between ticks is a block only as far as the process used the CPU meanwhile. On a
 * loaded machine the process is descheduled for longer than 100 ms whatever it runs (wall time passes, CPU time
 * does not); a body parsed in one go keeps the CPU busy for the whole gap.
 */
class LoopBlockMonitor {
  maxBlockedMs = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    this.maxBlockedMs = 0;
    let wall = performance.now();
    let cpu = process.cpuUsage();
    this.timer = setInterval(() => {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      const blocked = Math.min(now - wall, (used.user + used.system) / 1000);
      this.maxBlockedMs = Math.max(this.maxBlockedMs, blocked);
      wall = now;
      cpu = process.cpuUsage();
    }, 5);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * The worst bodies we could build, at and over the limits, with and without a key: each is answered with the
 * right problem, and the event loop of the services (which run in this process) never stalls over 100 ms while
 * they are sent, read and refused.
 */
describe('hostile request bodies', () => {
  let env: TestEnvironment;
  let apps: HttpApps;
  let ingestUrl: string;
  let queryUrl: string;
  const delay = new LoopBlockMonitor();
  const json = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };

  beforeAll(async () => {
    env = await createTestEnvironment('hostile_bodies', { API_KEYS: KEY });
    apps = await listenHttpApps(env.config);
    ({ ingestUrl, queryUrl } = apps);
    // The first requests compile and initialize what every later one uses; that is not what is measured.
    for (const headers of [json, { 'content-type': 'application/json' }]) {
      await send(ingestUrl, '/v1/articles', Buffer.from('{"title":"Warm-up"}'), headers);
      await send(queryUrl, '/v1/webhooks', Buffer.from('{}'), headers);
    }
  });

  afterAll(async () => {
    await apps?.close();
    await env?.teardown();
  });

  /** The longest event-loop delay while each request was in flight, by test. */
  const stalls: { test: string; maxMs: number }[] = [];

  /**
   * Sends with the event loop's longest block measured while the request is in flight (building the body is not).
   * A request that saw one of 100 ms or more is sent again, up to 3 times, and the shortest kept: work that blocks
   * the loop blocks it every try.
   */
  async function measured(sending: () => Promise<Answer>): Promise<Answer> {
    let best = Infinity;
    let answer: Answer | undefined;
    for (let attempt = 0; attempt < 3 && best >= 100; attempt++) {
      delay.start();
      try {
        answer = await sending();
      } finally {
        delay.stop();
      }
      best = Math.min(best, delay.maxBlockedMs);
    }
    stalls.push({ test: expect.getState().currentTestName ?? '', maxMs: best });
    return answer!;
  }

  const expectProblem = (answer: Answer, status: number, slug: string) => {
    expect([answer.status, answer.type, answer.problem.type]).toEqual([
      status,
      expect.stringContaining('application/problem+json'),
      `https://storyline.dev/problems/${slug}`,
    ]);
  };

  it('answers a caller without a key 401 before reading its body, however large', async () => {
    const brackets = Buffer.alloc(64 * MiB, '[');
    for (const [url, path] of [
      [ingestUrl, '/v1/articles/batch'],
      [ingestUrl, '/v1/articles'],
      [queryUrl, '/v1/webhooks'],
    ]) {
      // 4 MiB of a declared 64 MiB: the answer comes though the request is far from complete.
      const early = await measured(() =>
        send(url, path, brackets, { 'content-type': 'application/json' }, { length: brackets.length, stopAt: 4 * MiB }),
      );
      expectProblem(early, 401, 'unauthorized');
      // Chunked, without a length: the same.
      const whole = await measured(() => send(url, path, brackets, { 'content-type': 'application/json' }));
      expectProblem(whole, 401, 'unauthorized');
    }
  });

  it('refuses a body declared over its route’s limit at once, and one streamed over it at the limit', async () => {
    const batch = fill('{"articles":[{"body":"', 'x', '"}]}', BATCH_LIMIT + 1);
    const declared = await measured(() =>
      send(ingestUrl, '/v1/articles/batch', batch, json, { length: batch.length, stopAt: MiB }),
    );
    expectProblem(declared, 413, 'payload-too-large');
    expect(declared.problem.detail).toContain(`${BATCH_LIMIT}-byte limit`);
    const streamed = await measured(() => send(ingestUrl, '/v1/articles/batch', batch, json));
    expectProblem(streamed, 413, 'payload-too-large');
    // A single article has its own, smaller limit, whatever its type.
    const article = fill('{"body":"', 'x', '"}', ARTICLE_LIMIT + 1);
    expectProblem(await measured(() => send(ingestUrl, '/v1/articles', article, json)), 413, 'payload-too-large');
    const text = fill('Title\n', 'x', '', ARTICLE_LIMIT + 1);
    const plain = { ...json, 'content-type': 'text/plain' };
    expectProblem(await measured(() => send(ingestUrl, '/v1/articles', text, plain)), 413, 'payload-too-large');
    // Subscriptions are small: 64 KiB.
    const subscription = fill('{"url":"https://example.com/', 'x', '"}', 64 * 1024 + 1);
    expectProblem(await measured(() => send(queryUrl, '/v1/webhooks', subscription, json)), 413, 'payload-too-large');
  });

  it('refuses nesting past 32 levels with 400 at the read that crosses it, at the size limit', async () => {
    for (const [path, limit] of [
      ['/v1/articles/batch', BATCH_LIMIT],
      ['/v1/articles', ARTICLE_LIMIT],
    ] as const) {
      for (const body of [
        fill('', '[', '', limit),
        fill('', '{"a":', '', limit),
        fill('{"articles":', '[{"x":', '', limit),
      ]) {
        const answer = await measured(() => send(ingestUrl, path, body, json));
        expectProblem(answer, 400, 'json-too-deep');
        expect(answer.problem.detail).toMatch(/deeper than 32 levels/);
        // Answered from the first read: a request that never sends the rest is answered all the same.
        const partial = await measured(() =>
          send(ingestUrl, path, body, json, { length: body.length, stopAt: 64 * 1024 }),
        );
        expectProblem(partial, 400, 'json-too-deep');
      }
    }
  });

  it('refuses bodies of more than 20,000 values with 413: many keys, numbers, empty strings, shallow nesting', async () => {
    const keys = Array.from({ length: 25_000 }, (_, i) => `"k${i}":1,`).join('');
    for (const body of [
      fill(`{"articles":[{${keys}`, '"k":1,', '"k":1}]}', BATCH_LIMIT),
      fill('{"articles":[', '1,', '1]}', BATCH_LIMIT),
      fill('{"articles":[', '"",', '""]}', BATCH_LIMIT),
      fill('{"articles":[', `${'['.repeat(30)}${']'.repeat(30)},`, '[]]}', BATCH_LIMIT),
    ]) {
      const answer = await measured(() => send(ingestUrl, '/v1/articles/batch', body, json));
      expectProblem(answer, 413, 'payload-too-large');
      expect(answer.problem.detail).toMatch(/more than 20000 JSON values/);
    }
  });

  it('refuses a string or a property name at the read that makes it too long for any field', async () => {
    // One string filling the batch limit: plain, all escapes (a sixth of the characters), and as a key.
    for (const [body, what] of [
      [fill('{"articles":[{"body":"', 'x', '"}]}', BATCH_LIMIT), /a string of more than 5000000 characters/],
      [fill('{"articles":[{"body":"', '\\u00e9', '"}]}', BATCH_LIMIT), /a string of more than 5000000 characters/],
      [fill('{"articles":[{"', 'k', '":1}]}', BATCH_LIMIT), /a property name of more than 1000 characters/],
    ] as const) {
      const answer = await measured(() => send(ingestUrl, '/v1/articles/batch', body, json));
      expectProblem(answer, 413, 'payload-too-large');
      expect(answer.problem.detail).toMatch(what);
    }
    // Within the parser's limits, a field's own limit answers: 400, naming the field.
    const single = await measured(() =>
      send(ingestUrl, '/v1/articles', fill('{"body":"', 'x', '"}', ARTICLE_LIMIT), json),
    );
    expectProblem(single, 400, 'validation');
    expect(single.problem.errors).toEqual([{ path: 'body', message: expect.stringContaining('2000000') }]);
  });

  it('refuses a body malformed at its very end after reading it whole', async () => {
    const article = `{"body":"${'x'.repeat(MiB)}"},`;
    const body = fill('{"articles":[', article, '{"body":"no end"}', BATCH_LIMIT);
    expectProblem(await measured(() => send(ingestUrl, '/v1/articles/batch', body, json)), 400, 'malformed-json');
  });

  it('accepts a valid batch just under the size limit, 1,000 articles, without a long block', async () => {
    // A fresh batch for each try: a batch sent again is answered with the stored articles, a lighter path.
    const paragraph = 'The harbour authority said repairs to the breakwater would take several weeks. ';
    const batches = [0, 1, 2].map((run) => {
      const body = paragraph.repeat(Math.floor((BATCH_LIMIT / 1000 - 200) / paragraph.length));
      const articles = Array.from({ length: 1000 }, (_, i) => ({
        source: 'bulk',
        externalId: `full-${run}-${i}`,
        body,
      }));
      return Buffer.from(JSON.stringify({ articles }));
    });
    expect(batches[0].length).toBeGreaterThan(BATCH_LIMIT - MiB);
    expect(batches[0].length).toBeLessThanOrEqual(BATCH_LIMIT);
    let run = 0;
    const answer = await measured(() => send(ingestUrl, '/v1/articles/batch', batches[run++], json));
    expect(answer.status).toBe(202);
  });

  it('never let the event loop stall over 100 ms while doing all that', () => {
    expect(stalls.length).toBeGreaterThan(30);
    expect(stalls.filter((s) => s.maxMs >= 100)).toEqual([]);
  });
});
