import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Exit, Supervisor } from './supervisor';

/** Real child processes: a script that runs until signalled, started by the supervisor as it starts the apps. */
describe('Supervisor under a restart policy (the chaos test)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'storyline-supervisor-'));
    writeFileSync(join(root, 'app.js'), 'setInterval(() => undefined, 1000);\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts a signalled app again, tells of its exit, and stops for good on stopAll', async () => {
    const exits: { name: string; exit: Exit }[] = [];
    let told: () => void = () => undefined;
    const supervisor = new Supervisor(root, ['app', 'other'], 5000, process.env, {
      restartAfterMs: 10,
      onExit: (name, exit) => {
        exits.push({ name, exit });
        told();
      },
    });
    supervisor.startAll([
      { name: 'app', script: 'app.js' },
      { name: 'other', script: 'app.js' },
    ]);
    const first = supervisor.pids().find((p) => p.name === 'app')!.pid;

    const exited = new Promise<void>((resolve) => (told = resolve));
    expect(supervisor.signal('app', 'SIGKILL')).toBe(true);
    await exited;
    expect(exits).toEqual([{ name: 'app', exit: { code: null, signal: 'SIGKILL' } }]);
    while (!supervisor.pids().some((p) => p.name === 'app')) await new Promise((r) => setTimeout(r, 10));
    const second = supervisor.pids().find((p) => p.name === 'app')!.pid;
    expect(second).not.toBe(first);
    expect(
      supervisor
        .pids()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['app', 'other']);

    supervisor.stopAll('test finished');
    expect(await supervisor.finished()).toBe(0);
    expect(supervisor.pids()).toEqual([]);
    expect(exits).toHaveLength(1);
    expect(supervisor.signal('app', 'SIGTERM')).toBe(false);
  });
});
