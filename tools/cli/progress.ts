import { Presets, SingleBar } from 'cli-progress';
import { onInterrupt } from './interrupt';

/** A progress display: a bar on a terminal, periodic plain lines in logs and CI (where a bar is noise). */
export interface Progress {
  update(value: number, status?: string): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WriteStream;
  /** Plain mode: least time between two lines. */
  intervalMs?: number;
}

export function createProgress({
  label,
  total,
  stream = process.stderr,
  intervalMs = 5000,
}: ProgressOptions): Progress {
  return stream.isTTY ? new BarProgress(label, total, stream) : new LineProgress(label, total, stream, intervalMs);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private readonly forget: () => void;

  constructor(label: string, total: number, stream: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} {percentage}% | {status}`,
        stream,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0, { status: '' });
    // The bar hides the cursor and turns line wrapping off; an interrupted run must turn them back on.
    this.forget = onInterrupt(() => this.bar.stop());
  }

  update(value: number, status = ''): void {
    this.bar.update(value, { status });
  }

  setTotal(total: number): void {
    this.bar.setTotal(total);
  }

  stop(): void {
    this.forget();
    this.bar.stop();
  }
}

class LineProgress implements Progress {
  private lastAt = 0;
  private lastLine = '';
  private value = 0;
  private status = '';

  constructor(
    private readonly label: string,
    private total: number,
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs: number,
  ) {}

  update(value: number, status = ''): void {
    this.value = value;
    this.status = status;
    if (Date.now() - this.lastAt >= this.intervalMs) this.print();
  }

  setTotal(total: number): void {
    this.total = total;
  }

  stop(): void {
    this.print();
  }

  private print(): void {
    const percent = this.total > 0 ? Math.floor((100 * this.value) / this.total) : 100;
    const line = `${this.label} ${this.value}/${this.total} ${percent}%${this.status ? ` | ${this.status}` : ''}`;
    this.lastAt = Date.now();
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.stream.write(`${line}\n`);
  }
}
