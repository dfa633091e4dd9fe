// Human-friendly durations for configuration ("5s", "30m", "5d", "250ms"). Retry schedules and the
// endpoint-disable period are operator settings read from env vars, so they must parse strictly: a typo
// like "5x" fails loudly at startup instead of silently becoming 0 ms (which would mean "retry in a hot loop").

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;

/**
 * Parses one duration token into milliseconds. A bare number means seconds (Svix's schedule notation uses
 * "0" for "immediately"; seconds is the only reading that makes "0,5,300" sensible too).
 */
export function parseDuration(input: string): number {
  const token = input.trim().toLowerCase();
  const match = DURATION_RE.exec(token);
  if (!match) {
    throw new Error(`invalid duration "${input}" (expected e.g. 0, 500ms, 5s, 5m, 2h, 5d)`);
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = Math.round(value * UNIT_MS[unit]);
  if (!Number.isSafeInteger(ms)) {
    throw new Error(`duration "${input}" is too large`);
  }
  return ms;
}

/** Compact rendering for logs and reasons: 90_000 → "1m30s", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return `${ms}ms`;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  let rest = Math.round(ms / 1_000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    }
  }
  return parts.join('');
}
