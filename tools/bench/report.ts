// Shared by benchmarks: writes bench/reports/<name>.json (machine-readable, for trend tracking) and <name>.md
// (for people), and formats the small Markdown tables the reports use.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../eval/paths';

export interface WrittenReport {
  json: string;
  markdown: string;
}

export function writeReport(name: string, data: unknown, markdown: string): WrittenReport {
  const dir = join(repoRoot(), 'bench', 'reports');
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(md, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return { json, markdown: md };
}

export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The machine a benchmark ran on; load average matters because throughput is measured on a shared host. */
export function environment(): { node: string; cpu: string; cores: number; loadAverage1m: number } {
  const cpu = cpus()[0];
  return {
    node: process.version,
    cpu: cpu?.model ?? 'unknown',
    cores: cpus().length,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
}
