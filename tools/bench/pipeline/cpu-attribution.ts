import { TICKS_PER_SECOND } from './proc';

/** One process as seen by one sample. */
export interface ProcessReading {
  /** What its CPU is charged to: a service (`dedupe`), `postgres:storyline-dedupe`, `redis-server`, … */
  group: string;
  /** Its own name in the report (`dedupe-2`, `postgres:storyline-dedupe#1234`). */
  name: string;
  pid: number;
  startTicks: number;
  ticks: number;
  rssKb: number;
}

export interface Sample {
  /** Wall clock, ms. */
  at: number;
  processes: ProcessReading[];
  machine: { busy: number; total: number };
}

export interface GroupUsage {
  group: string;
  /** CPU ms the group's processes used between the first and the last sample. */
  cpuMs: number;
  /** Processes seen. */
  processes: number;
  /** Largest RSS of any one of its processes, kB. */
  maxRssKb: number;
  /** Largest RSS of the group at one sample (its processes together), kB. */
  peakGroupRssKb: number;
}

export interface Attribution {
  seconds: number;
  groups: GroupUsage[];
  /** Everything the machine ran meanwhile, other engineers' work included. */
  machineCpuMs: number;
  machineCapacityMs: number;
}

const ticksToMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

/**
 * CPU per group over a phase from periodic samples. A process present in the first sample is charged from
 * that reading; one that appears later (a Postgres backend a pool opened mid-phase) started after the phase
 * began, with no CPU used before, so it is charged from zero. A process is charged up to the last sample it
 * was seen in: what one that exits uses after that is lost, so sample often relative to how long processes live.
 */
export function attributeCpu(samples: readonly Sample[]): Attribution {
  if (samples.length < 2) throw new Error('CPU attribution needs two samples at least');
  const first = new Map<string, number>();
  const last = new Map<string, ProcessReading>();
  const maxRss = new Map<string, number>();
  const peakGroup = new Map<string, number>();
  const keyOf = (p: ProcessReading) => `${p.pid}:${p.startTicks}`;
  for (const p of samples[0].processes) first.set(keyOf(p), p.ticks);
  for (const sample of samples) {
    const groupRss = new Map<string, number>();
    for (const p of sample.processes) {
      const key = keyOf(p);
      last.set(key, p);
      maxRss.set(key, Math.max(maxRss.get(key) ?? 0, p.rssKb));
      groupRss.set(p.group, (groupRss.get(p.group) ?? 0) + p.rssKb);
    }
    for (const [group, rss] of groupRss) peakGroup.set(group, Math.max(peakGroup.get(group) ?? 0, rss));
  }
  const groups = new Map<string, GroupUsage>();
  for (const [key, p] of last) {
    const usage = groups.get(p.group) ?? {
      group: p.group,
      cpuMs: 0,
      processes: 0,
      maxRssKb: 0,
      peakGroupRssKb: peakGroup.get(p.group) ?? 0,
    };
    usage.cpuMs += ticksToMs(p.ticks - (first.get(key) ?? 0));
    usage.processes++;
    usage.maxRssKb = Math.max(usage.maxRssKb, maxRss.get(key) ?? 0);
    groups.set(p.group, usage);
  }
  const [start, end] = [samples[0], samples[samples.length - 1]];
  return {
    seconds: (end.at - start.at) / 1000,
    groups: [...groups.values()].sort((a, b) => b.cpuMs - a.cpuMs),
    machineCpuMs: ticksToMs(end.machine.busy - start.machine.busy),
    machineCapacityMs: ticksToMs(end.machine.total - start.machine.total),
  };
}
