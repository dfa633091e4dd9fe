import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { constants } from 'node:os';
import { BOLD_RED, colourFor, makePrefix, paint, prefixLine, shouldColour } from './prefix';

export interface ChildSpec {
  name: string;
  /** Script path relative to the repository root, run with this same Node binary. */
  script: string;
  /** Variables for this child only, over the supervisor's environment (e.g. one metrics port per worker copy). */
  env?: NodeJS.ProcessEnv;
  /** Options for the Node binary itself, before the script (e.g. {@link cpuProfileArgs}). */
  nodeArgs?: string[];
}

/**
 * Node options that write a V8 CPU profile of one child when it exits, named after it (`<name>.cpuprofile` in
 * `dir`). Passed on the command line because Node refuses `--cpu-prof` in NODE_OPTIONS.
 */
export function cpuProfileArgs(dir: string, name: string): string[] {
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];
}

/** How a child ended: its exit code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * What the chaos test (`npm run chaos`) runs the stack under instead of the stop-everything policy below: an app
 * that exits before a stop was requested, killed on purpose or crashed, is started again, as compose's
 * `restart: unless-stopped` would.
 */
export interface RestartPolicy {
  restartAfterMs: number;
  /** Told of every exit that is followed by a restart. */
  onExit?(name: string, exit: Exit): void;
}

interface Running {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<Exit>;
  exit?: Exit;
}

/**
 * Ctrl-C under `npm start` reaches us twice (from the terminal, and forwarded by npm to its script), at almost
 * the same moment. Signals closer together than this count as one; a later one is a second, deliberate Ctrl-C
 * and kills whatever is still running.
 */
const DUPLICATE_SIGNAL_MS = 1500;

/**
 * Runs Storyline's processes as children of one Node process.
 *
 * Policy when an app dies on its own: stop all the others and exit non-zero, rather than restart it. A restart
 * loop in a developer's terminal hides the crash in scrolling logs and can hammer Postgres/Redis; in
 * containers, restarting is compose's job (`restart: unless-stopped`), which has proper backoff.
 *
 * Children run in their own process groups (`detached`), so a terminal Ctrl-C reaches only this supervisor,
 * which forwards exactly one signal to each child: Nest's shutdown hooks handle the first signal gracefully
 * (draining running jobs) but a second one kills the process outright.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private readonly width: number;
  private stopping = false;
  private firstSignalAt = 0;
  private forced = false;
  private killTimer?: NodeJS.Timeout;
  private exitCode = 0;
  /** Restarts waiting out RestartPolicy.restartAfterMs. */
  private readonly restarts = new Set<Promise<void>>();

  constructor(
    private readonly root: string,
    names: readonly string[],
    private readonly stopTimeoutMs: number,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly restart?: RestartPolicy,
  ) {
    this.width = Math.max(...names.map((name) => name.length));
    // A supervisor that crashes must not leave detached children behind holding the ports.
    process.on('exit', () => {
      for (const r of this.alive()) killGroup(r.child, 'SIGKILL');
    });
  }

  /** Runs a one-off step (the migrations) to completion; returns its exit code, or null if a stop was requested. */
  async runOnce(spec: ChildSpec): Promise<number | null> {
    const exit = await this.start(spec).exited;
    if (this.stopping) return null;
    return exitStatus(exit);
  }

  /**
   * Starts long-running apps; any of them exiting before a stop was requested stops the rest, or, under a
   * RestartPolicy, is started again.
   */
  startAll(specs: readonly ChildSpec[]): void {
    for (const spec of specs) this.watch(this.start(spec));
  }

  /** Sends `signal` to one running app (its process group); false when no app of that name is running. */
  signal(name: string, signal: NodeJS.Signals): boolean {
    const running = this.alive().find((r) => r.spec.name === name);
    if (!running) return false;
    killGroup(running.child, signal);
    return true;
  }

  /** Resolves once every child has exited, with the exit code this supervisor should end with. */
  async finished(): Promise<number> {
    // Under a RestartPolicy an app may be started again meanwhile: wait for those too, until none is left.
    for (;;) {
      const waiting = [...this.alive().map((r) => r.exited), ...this.restarts];
      if (!waiting.length) break;
      await Promise.all(waiting);
    }
    clearTimeout(this.killTimer);
    if (this.forced && this.exitCode === 0) this.exitCode = 1;
    return this.exitCode;
  }

  /** Entry for SIGINT/SIGTERM/SIGHUP received by this process. */
  onSignal(signal: NodeJS.Signals): void {
    if (!this.stopping) {
      this.firstSignalAt = Date.now();
      this.notice(`${signal} received; stopping ${this.alive().length} process(es) (Ctrl-C again to kill them)`);
      this.stop(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    } else if (Date.now() - this.firstSignalAt > DUPLICATE_SIGNAL_MS) {
      this.killRemaining('second interrupt');
    }
  }

  /** The children still running, by name: for tools that watch their processes (the pipeline benchmark). */
  pids(): { name: string; pid: number }[] {
    return this.alive().flatMap((r) => (r.child.pid === undefined ? [] : [{ name: r.spec.name, pid: r.child.pid }]));
  }

  /** Stops every child as a first SIGTERM would (drain, then kill after the stop timeout), for a caller that is done. */
  stopAll(reason: string): void {
    if (this.stopping) return;
    this.notice(`${reason}; stopping ${this.alive().length} process(es)`);
    this.stop('SIGTERM');
  }

  notice(text: string): void {
    process.stdout.write(prefixLine(this.prefix('start', process.stdout, undefined), text));
  }

  alert(text: string): void {
    const colour = shouldColour(process.stderr.isTTY, this.env) ? BOLD_RED : undefined;
    process.stderr.write(prefixLine(this.prefix('start', process.stderr, undefined), paint(`!!! ${text}`, colour)));
  }

  private watch(running: Running): void {
    const { spec } = running;
    void running.exited.then((exit) => {
      if (!this.stopping && this.restart) {
        this.restart.onExit?.(spec.name, exit);
        this.notice(`${spec.name} exited (${describe(exit)}); starting it again in ${this.restart.restartAfterMs} ms`);
        const restarted: Promise<void> = new Promise<void>((resolve) =>
          setTimeout(resolve, this.restart!.restartAfterMs),
        ).then(() => {
          this.restarts.delete(restarted);
          if (!this.stopping) this.watch(this.start(spec));
        });
        this.restarts.add(restarted);
      } else if (!this.stopping) {
        this.exitCode = exitStatus(exit) || 1;
        this.alert(`${spec.name} exited unexpectedly (${describe(exit)}); stopping the other apps`);
        this.stop('SIGTERM');
      } else if (exit.code === 0 || exit.signal === 'SIGINT' || exit.signal === 'SIGTERM') {
        // Nest's shutdown hooks re-raise the signal after closing, so "killed by SIGTERM" is a clean stop.
        this.notice(`${spec.name} stopped`);
      } else if (exit.signal !== 'SIGKILL') {
        this.exitCode ||= 1;
        this.alert(`${spec.name} did not stop cleanly (${describe(exit)})`);
      }
    });
  }

  private stop(signal: NodeJS.Signals): void {
    this.stopping = true;
    for (const r of this.alive()) killGroup(r.child, signal);
    this.killTimer = setTimeout(
      () => this.killRemaining(`still running after ${this.stopTimeoutMs / 1000} s`),
      this.stopTimeoutMs,
    );
    this.killTimer.unref();
  }

  private killRemaining(reason: string): void {
    for (const r of this.alive()) {
      this.alert(`${r.spec.name} ${reason}; killing it`);
      this.forced = true;
      killGroup(r.child, 'SIGKILL');
    }
  }

  private alive(): Running[] {
    return this.running.filter((r) => r.exit === undefined);
  }

  private start(spec: ChildSpec): Running {
    const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script], {
      cwd: this.root,
      env: spec.env ? { ...this.env, ...spec.env } : this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const index = this.running.length;
    this.pipe(child.stdout!, process.stdout, spec.name, index);
    this.pipe(child.stderr!, process.stderr, spec.name, index);
    const running: Running = {
      spec,
      child,
      exited: new Promise<Exit>((resolve) => {
        // 'close' rather than 'exit': it fires after the pipes are drained, so no last line is lost.
        child.once('close', (code, signal) => resolve({ code, signal }));
        child.once('error', (error) => {
          this.alert(`${spec.name}: ${error.message}`);
          resolve({ code: 1, signal: null });
        });
      }).then((exit) => (running.exit = exit)),
    };
    this.running.push(running);
    this.notice(`${spec.name} started (pid ${child.pid ?? '?'}): node ${spec.script}`);
    return running;
  }

  private pipe(from: NodeJS.ReadableStream, to: NodeJS.WriteStream, name: string, index: number): void {
    const prefix = this.prefix(name, to, colourFor(index));
    createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(prefixLine(prefix, line)));
  }

  private prefix(name: string, stream: NodeJS.WriteStream, colour: number | undefined): string {
    const coloured = shouldColour(stream.isTTY, this.env);
    return makePrefix(name, this.width, coloured ? (colour ?? 1) : undefined);
  }
}

/** Signals the child's whole process group, so anything it spawned stops with it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: it exited between our bookkeeping and the signal.
  }
}

/** Shell convention: a process killed by a signal counts as 128 + the signal number. */
function exitStatus(exit: Exit): number {
  if (exit.code !== null) return exit.code;
  return 128 + (exit.signal ? (constants.signals[exit.signal] ?? 0) : 0);
}

function describe(exit: Exit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code === 78) return 'exit code 78: invalid configuration, see its message above';
  return `exit code ${exit.code}`;
}
