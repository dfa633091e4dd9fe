/** The apps `npm start` runs, in start-up order; each is `dist/apps/<name>/src/main.js`. */
export const SERVICES = ['ingest', 'query', 'fetch', 'normalize', 'dedupe', 'entities', 'webhooks'] as const;

export interface StartOptions {
  services: string[];
  /** How long a child may take to drain after SIGTERM/SIGINT before it is killed. */
  stopTimeoutMs: number;
  /** Where each app writes a V8 CPU profile when it exits; none when unset. */
  cpuProfileDir?: string;
  help: boolean;
}

// Above WEBHOOK_TIMEOUT_MS's default (15 s): the webhooks worker finishes the deliveries in flight before it exits.
export const DEFAULT_STOP_TIMEOUT_MS = 20_000;

export const USAGE = `Usage: npm start [-- options]

Runs the migrate step, then every Storyline app as its own child process, with prefixed logs.
Ctrl-C (SIGINT) or SIGTERM stops them all; if one app dies, the others are stopped too.

Options:
  --only <names>         comma-separated subset of: ${SERVICES.join(', ')}
  --stop-timeout <secs>  grace period before a stopping app is killed (default ${DEFAULT_STOP_TIMEOUT_MS / 1000})
  --cpu-prof <dir>       each app writes a CPU profile <dir>/<app>.cpuprofile when it stops (node --cpu-prof)
  -h, --help             show this text

Configuration comes from the environment (DATABASE_URL, REDIS_URL, ...) and passes through to every app.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `process.argv.slice(2)`; throws UsageError with a message meant for the user. */
export function parseArgs(argv: readonly string[]): StartOptions {
  const options: StartOptions = { services: [...SERVICES], stopTimeoutMs: DEFAULT_STOP_TIMEOUT_MS, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      options.help = true;
      continue;
    }
    const [flag, inline] = splitFlag(arg);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--only':
        options.services = parseServiceList(value());
        break;
      case '--cpu-prof':
        options.cpuProfileDir = value();
        break;
      case '--stop-timeout':
        options.stopTimeoutMs = parseSeconds(flag, value());
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/** Keeps the canonical order whatever order the user typed, so start-up and log colours stay stable. */
function parseServiceList(list: string): string[] {
  const wanted = new Set(
    list
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  if (wanted.size === 0) throw new UsageError('--only needs at least one service name');
  const unknown = [...wanted].filter((name) => !(SERVICES as readonly string[]).includes(name));
  if (unknown.length) {
    throw new UsageError(`unknown service(s) ${unknown.join(', ')}; choose from ${SERVICES.join(', ')}`);
  }
  return SERVICES.filter((name) => wanted.has(name));
}

function parseSeconds(flag: string, text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`${flag} must be a positive number of seconds`);
  return Math.round(seconds * 1000);
}
