/**
 * Logs a connection error once, then the same message at most once per interval with how many were left out:
 * while Redis is unreachable, ioredis reports every reconnection attempt, and each queue and worker of every
 * process relays it — some sixteen lines a second across a stack, burying whatever else the logs say.
 */
const MAX_REMEMBERED = 1_000;

export class RepeatedErrorLog {
  private last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly write: (message: string) => void,
    private readonly intervalMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  error(message: string): void {
    // Messages can name jobs: the memory of them is bounded, and starting it afresh only lets a line through.
    if (this.last.size >= MAX_REMEMBERED && !this.last.has(message)) this.last.clear();
    const seen = this.last.get(message);
    const now = this.now();
    if (seen && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return;
    }
    const repeats = seen?.suppressed ? ` (${seen.suppressed} more like it since the last)` : '';
    this.last.set(message, { at: now, suppressed: 0 });
    this.write(`${message}${repeats}`);
  }
}
