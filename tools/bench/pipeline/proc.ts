import { readFileSync } from 'node:fs';

/** CPU time of one process from /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux). */
export interface ProcCpu {
  pid: number;
  /** utime + stime + cutime + cstime: the process and the children it has waited for. */
  ticks: number;
  /** Start time after boot, in ticks: with the pid, it names one process even when pids are reused. */
  startTicks: number;
}

/** Linux's USER_HZ: the unit of /proc/<pid>/stat times, fixed at 100 for every architecture Node runs on. */
export const TICKS_PER_SECOND = 100;

/** Parses /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so fields count from its last ')'. */
export function parseProcStat(text: string): ProcCpu {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line');
  const pid = Number(text.slice(0, text.indexOf(' ')));
  // After ')': field 3 (state) is index 0, so field n is index n - 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/)
    .map(Number);
  const field = (n: number) => fields[n - 3];
  return { pid, ticks: field(14) + field(15) + field(16) + field(17), startTicks: field(22) };
}

/** VmRSS from /proc/<pid>/status, in kB (0 for a kernel thread or a zombie, which have none). */
export function parseVmRssKb(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** The machine's CPU time from the `cpu` line of /proc/stat, in ticks: busy (everything but idle and iowait) and total. */
export function parseMachineCpu(stat: string): { busy: number; total: number } {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy, total: busy + idle + iowait };
}

/** One process's CPU and memory now, or null when it has exited (it may between listing and reading). */
export function readProcess(pid: number): (ProcCpu & { rssKb: number }) | null {
  try {
    const cpu = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return { ...cpu, rssKb: parseVmRssKb(readFileSync(`/proc/${pid}/status`, 'utf8')) };
  } catch {
    return null;
  }
}

export function readMachineCpu(): { busy: number; total: number } {
  return parseMachineCpu(readFileSync('/proc/stat', 'utf8'));
}
