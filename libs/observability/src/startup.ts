import { ConsoleLogger } from '@nestjs/common';

/**
 * The logger Nest uses until the app's own (pino) logger is attached: what a failing start-up logs — the
 * database connection retries — comes out as JSON lines like every other log line, not in terminal colours.
 */
export function startupLogger(): ConsoleLogger {
  return new ConsoleLogger({ json: true, colors: false });
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);
// Postgres: invalid_catalog_name (no such database), invalid_authorization_specification, invalid_password.
const POSTGRES_REFUSED = new Set(['3D000', '28000', '28P01']);

/** What stopped a service from starting, in words an operator can act on (which variable to check). */
export function describeStartupFailure(error: unknown, portVariable?: string): string {
  const e = error as { code?: string; address?: string; port?: number; message?: string };
  if (e?.code === 'EADDRINUSE' || e?.code === 'EACCES') {
    const where = `${e.address ?? ''}:${e.port ?? ''}`;
    const what = e.code === 'EADDRINUSE' ? 'is in use' : 'may not be bound by this user';
    return `cannot listen on ${where}: the port ${what}${portVariable ? ` (set ${portVariable})` : ''}`;
  }
  if ((e?.code && UNREACHABLE.has(e.code)) || (e?.code && POSTGRES_REFUSED.has(e.code))) {
    return `Postgres did not accept the connection (check DATABASE_URL and that the server runs): ${e.message}`;
  }
  return e?.message ?? String(error);
}

/**
 * For a service's entry point: a start-up failure ends the process with one clear line on stderr and exit code 1,
 * not an unhandled rejection's stack trace.
 */
export function exitOnStartupFailure(service: string, portVariable?: string): (error: unknown) => never {
  return (error) => {
    process.stderr.write(`${service}: could not start: ${describeStartupFailure(error, portVariable)}\n`);
    process.exit(1);
  };
}
