import { ArgumentsHost, ServiceUnavailableException } from '@nestjs/common';
import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ProblemDetailsFilter } from './problem-details.filter';

/** What the filter answers, captured from a minimal Express-like response. */
function answer(exception: unknown): { status: number; body: Record<string, unknown>; retryAfter?: string } {
  const sent: { status: number; body: Record<string, unknown>; retryAfter?: string } = { status: 0, body: {} };
  const response = {
    setHeader(name: string, value: string) {
      if (name === 'Retry-After') sent.retryAfter = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    type() {
      return this;
    },
    send(text: string) {
      sent.body = JSON.parse(text);
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/stories' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  const filter = new ProblemDetailsFilter();
  // The 5xx stack trace goes to the log; not wanted in test output.
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(exception, host);
  return sent;
}

describe('ProblemDetailsFilter', () => {
  it('answers 503, not 500, when the database cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answer(refused)).toMatchObject({ status: 503, body: { title: 'Service unavailable', status: 503 } });
    const shutdown = Object.assign(new Error('terminating connection'), { driverError: { code: '57P01' } });
    expect(answer(shutdown).status).toBe(503);
    expect(answer(new Error('Connection terminated unexpectedly')).status).toBe(503);
  });

  it('answers 503 when the connection was lost in the middle of a transaction (the next statement fails)', () => {
    // What TypeORM and pg throw at the statement after pg_terminate_backend ended the transaction's connection.
    expect(answer(new QueryRunnerProviderAlreadyReleasedError())).toMatchObject({ status: 503, retryAfter: '2' });
    expect(answer(new Error('Client has encountered a connection error and is not queryable')).status).toBe(503);
  });

  it('keeps other unexpected errors a generic 500 that leaks nothing', () => {
    const { status, body } = answer(new Error('column "secret" does not exist'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it("answers Express's own errors by their status", () => {
    const undecodable = Object.assign(new Error("Failed to decode param '%E0'"), { status: 400 });
    expect(answer(undecodable)).toMatchObject({ status: 400, body: { type: expect.stringMatching(/bad-request$/) } });
  });

  it('answers 503 with Retry-After when a lock or statement timeout ran out', () => {
    for (const code of ['55P03', '57014']) {
      const timedOut = Object.assign(new Error('canceling statement'), { driverError: { code } });
      const { status, body, retryAfter } = answer(timedOut);
      expect([status, retryAfter]).toEqual([503, '2']);
      expect(body.detail).toMatch(/timeout/);
    }
  });

  it('names the dependency a failed readiness check found down', () => {
    const terminus = new ServiceUnavailableException({
      status: 'error',
      details: { postgres: { status: 'up' }, redis: { status: 'down', message: 'Connection is closed.' } },
    });
    expect(answer(terminus).body).toMatchObject({
      status: 503,
      detail: 'unavailable: redis',
      checks: { redis: { status: 'down' } },
    });
  });
});
