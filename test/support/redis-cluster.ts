import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Ports this helper may use; each node also needs its cluster bus port, port + 10000. */
const PORT_RANGE = { first: 7100, last: 7199 };
const NODES = 3;

/** Whether `redis-server` and `redis-cli` are on PATH (a Redis Cluster test is skipped, loudly, without them). */
export function redisClusterBinariesFound(): boolean {
  return ['redis-server', 'redis-cli'].every((bin) => !spawnSync(bin, ['--version'], { stdio: 'ignore' }).error);
}

/** The banner a test prints when it cannot start a cluster here, so a skipped run is not mistaken for a pass. */
export function warnRedisClusterSkipped(what: string): void {
  const line = '!'.repeat(100);
  console.warn(
    `${line}\n!! SKIPPED: ${what}\n!! redis-server / redis-cli are not on PATH, so no local Redis Cluster can be started.\n` +
      `!! Install Redis 7 (e.g. apt-get install redis-server) to run it; npm test covers Redis Cluster only then.\n${line}`,
  );
}

/**
 * A throw-away Redis Cluster of three masters on local ports, each a `redis-server --cluster-enabled yes` of its
 * own in a temporary directory (no persistence), joined with `redis-cli --cluster create`. `stop()` kills the
 * servers and removes the directory.
 */
export class LocalRedisCluster {
  private constructor(
    readonly ports: number[],
    private readonly dir: string,
    private readonly servers: ChildProcess[],
  ) {}

  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, for REDIS_URL. */
  get url(): string {
    return `redis+cluster://${this.ports.map((port) => `127.0.0.1:${port}`).join(',')}`;
  }

  static async start(): Promise<LocalRedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'storyline-redis-cluster-'));
    const servers: ChildProcess[] = [];
    const ports: number[] = [];
    const cluster = new LocalRedisCluster(ports, dir, servers);
    try {
      ports.push(...(await freePorts(NODES)));
      for (const port of ports) servers.push(startServer(dir, port));
      await Promise.all(ports.map((port) => waitForPing(port, servers, dir)));
      await run('redis-cli', [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await Promise.all(ports.map((port) => waitForClusterOk(port)));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve();
            const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
            server.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            server.kill('SIGTERM');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function startServer(dir: string, port: number): ChildProcess {
  // --dir: the node's nodes.conf and log go to the temporary directory, nothing to the working directory.
  return spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--dir',
      dir,
      '--logfile',
      join(dir, `redis-${port}.log`),
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: 'ignore' },
  );
}

async function waitForPing(port: number, servers: ChildProcess[], dir: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exited = servers.find((server) => server.exitCode !== null);
    if (exited) throw new Error(`a redis-server exited at start-up (${exited.exitCode}): ${logOf(dir, port)}`);
    if ((await cli(port, 'PING')) === 'PONG') return;
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer: ${logOf(dir, port)}`);
    await sleep(50);
  }
}

async function waitForClusterOk(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok')) return;
    if (Date.now() > deadline) throw new Error(`the node on ${port} never reported cluster_state:ok`);
    await sleep(100);
  }
}

async function cli(port: number, ...command: string[]): Promise<string> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...command]);
    return stdout.trim();
  } catch {
    return '';
  }
}

function logOf(dir: string, port: number): string {
  try {
    return readFileSync(join(dir, `redis-${port}.log`), 'utf8')
      .split('\n')
      .slice(-5)
      .join(' | ');
  } catch {
    return '(no log)';
  }
}

/**
 * `count` ports in 7100–7199 whose bus ports (+10000) are free too, starting at an offset derived from the pid so
 * parallel Jest workers look in different places first; each is checked by binding it.
 */
async function freePorts(count: number): Promise<number[]> {
  const size = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = (process.pid * 7) % size;
  const found: number[] = [];
  for (let i = 0; i < size && found.length < count; i++) {
    const port = PORT_RANGE.first + ((start + i) % size);
    if ((await isFree(port)) && (await isFree(port + 10_000))) found.push(port);
  }
  if (found.length < count) throw new Error(`fewer than ${count} free ports in ${PORT_RANGE.first}–${PORT_RANGE.last}`);
  return found;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
