import { attributeCpu, ProcessReading, Sample } from './cpu-attribution';
import { parseMachineCpu, parseProcStat, parseVmRssKb } from './proc';

describe('bench pipeline: /proc parsing', () => {
  it('reads CPU ticks and start time after a command name with spaces and parentheses', () => {
    const line =
      '4242 (postgres: 15/main: postgres db (x) idle) S 2294 4242 4242 0 -1 4194560 500 0 0 0 120 30 5 2 20 0 1 0 98765 1000 200 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ticks: 157, startTicks: 98765 });
  });

  it('reads VmRSS, 0 when absent', () => {
    expect(parseVmRssKb('Name:\tnode\nVmRSS:\t  123456 kB\nThreads: 11\n')).toBe(123456);
    expect(parseVmRssKb('Name:\tkthreadd\n')).toBe(0);
  });

  it('counts idle and iowait as not busy', () => {
    expect(parseMachineCpu('cpu  100 10 50 800 40 5 5 0 0 0\ncpu0 1 2 3\n')).toEqual({ busy: 170, total: 1010 });
  });
});

describe('bench pipeline: CPU attribution', () => {
  const reading = (group: string, pid: number, ticks: number, rssKb = 1000, startTicks = 1): ProcessReading => ({
    group,
    name: `${group}#${pid}`,
    pid,
    startTicks,
    ticks,
    rssKb,
  });
  const sample = (at: number, busy: number, processes: ProcessReading[]): Sample => ({
    at,
    processes,
    machine: { busy, total: busy + 100 },
  });

  it('charges each group the ticks its processes used between the first and last sample, in ms', () => {
    const result = attributeCpu([
      sample(0, 1000, [reading('dedupe', 10, 500), reading('dedupe', 11, 100), reading('redis-server', 5, 50)]),
      sample(1000, 1100, [reading('dedupe', 10, 550), reading('dedupe', 11, 130), reading('redis-server', 5, 52)]),
      sample(2000, 1250, [reading('dedupe', 10, 600), reading('dedupe', 11, 150), reading('redis-server', 5, 53)]),
    ]);
    expect(result.seconds).toBe(2);
    expect(result.groups.map((g) => [g.group, g.cpuMs, g.processes])).toEqual([
      ['dedupe', 1500, 2],
      ['redis-server', 30, 1],
    ]);
    expect(result.machineCpuMs).toBe(2500);
    expect(result.machineCapacityMs).toBe(2500);
  });

  it('charges a process born during the phase from zero, and one that left up to its last sample', () => {
    const result = attributeCpu([
      sample(0, 0, [reading('postgres:storyline-dedupe', 20, 1000)]),
      sample(1000, 0, [reading('postgres:storyline-dedupe', 20, 1010), reading('postgres:storyline-dedupe', 21, 7)]),
      sample(2000, 0, [reading('postgres:storyline-dedupe', 21, 9)]),
    ]);
    expect(result.groups[0].cpuMs).toBe(100 + 90);
  });

  it('tells a reused pid apart by its start time', () => {
    const result = attributeCpu([
      sample(0, 0, [reading('postgres:storyline-query', 30, 400, 1000, 1)]),
      sample(1000, 0, [reading('postgres:storyline-query', 30, 3, 1000, 999)]),
    ]);
    // The first process is seen once (no CPU charged); the second is new: 3 ticks from zero.
    expect(result.groups[0].cpuMs).toBe(30);
    expect(result.groups[0].processes).toBe(2);
  });

  it('keeps the largest RSS of one process and of the group at one moment', () => {
    const result = attributeCpu([
      sample(0, 0, [reading('entities', 1, 0, 100_000), reading('entities', 2, 0, 50_000)]),
      sample(1000, 0, [reading('entities', 1, 0, 80_000), reading('entities', 2, 0, 90_000)]),
    ]);
    expect(result.groups[0]).toMatchObject({ maxRssKb: 100_000, peakGroupRssKb: 170_000 });
  });
});
