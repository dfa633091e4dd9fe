import { ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `npm run test:compose`: the Docker smoke test. Builds the images, brings the whole stack up with compose
 * (`--wait`: every service healthy, workers consuming), sends two articles through the published ingest port and
 * waits until the published query port reports both `done`, then subscribes a receiver running on the host as
 * `http://host.docker.internal:<port>` and waits for its test event. Always tears the stack down (volumes
 * included). Runs under its own compose project so a developer's `docker compose up` in the same checkout is never
 * touched.
 */
const PROJECT = 'storyline-ci';
const ROOT = resolve(__dirname, '..', '..', '..');
const ENGINE_SCRIPT = resolve(ROOT, '..', 'shared', 'docker', 'prepare-engine.sh');
const INGEST_PORT = process.env.INGEST_PORT || '3000';
const QUERY_PORT = process.env.QUERY_PORT || '3001';
// A webhook receiver on the host, reached from the containers as host.docker.internal.
const RECEIVER_PORT = process.env.RECEIVER_PORT || '3002';
// Machine-wide, like the Docker engine and the host ports it guards: two checks at once would share the
// `storyline-ci` project and tear down each other's containers.
const LOCK_FILE = resolve(tmpdir(), 'storyline-compose-check.lock');
const LOCK_TIMEOUT_S = 1800;
const STANDIN_IMAGES = ['node:20-bookworm-slim', 'postgres:16-bookworm', 'redis:7-bookworm'];
const ENGINE_TIMEOUT_MS = 600_000;
// Counted after the build. The stack is healthy in about 30 s here; an app stuck in a restart loop never
// counts as exited for --wait, so this limit is how that failure surfaces: keep it short.
const UP_TIMEOUT_S = 180;
const PIPELINE_TIMEOUT_MS = 180_000;
const WEBHOOK_TIMEOUT_MS = 60_000;

// Written by the team for this check; invented places and people, no third-party text.
const ARTICLES = [
  {
    source: 'compose-check',
    title: 'Harbour town of Lindqvist opens its rebuilt ferry terminal',
    body:
      'The harbour town of Lindqvist opened its rebuilt ferry terminal on Monday after two years of work.\n\n' +
      'Mayor Elin Varga said the new terminal can handle twice as many passengers and will shorten the crossing ' +
      'to the island of Nordholm by a quarter of an hour. The Lindqvist Port Authority paid for most of the work.',
    language: 'en',
  },
  {
    source: 'compose-check',
    title: 'Orchard cooperative reports a record plum harvest',
    body:
      'Growers in the Tamsel valley picked more plums this autumn than in any year on record, according to the ' +
      'Tamsel Orchard Cooperative.\n\nIts chair, Ruben Okafor, credited a mild spring and new netting against ' +
      'hail, and said the cooperative would open a second drying house in the village of Brenning next year.',
    language: 'en',
  },
];

let interrupted = false;
let current: ChildProcess | undefined;

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      interrupted = true;
      log(`${signal}: stopping, then tearing down`);
      current?.kill(signal);
    });
  }
  const release = await step('lock', acquireMachineLock);
  try {
    await check();
  } finally {
    release();
  }
}

async function check(): Promise<void> {
  // host.docker.internal is the host's gateway address on the compose network: a private one.
  const env = { ...process.env, INGEST_PORT, QUERY_PORT, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };

  await step('docker engine', prepareEngine);
  // A run killed before its teardown leaves containers and the volume behind; start from nothing.
  await run('docker', compose('down', '-v', '--remove-orphans'), { env, quiet: true });
  await step('free ports', () => ensureFree([INGEST_PORT, QUERY_PORT, RECEIVER_PORT]));
  try {
    await step('compose up --build --wait', () =>
      run('docker', compose('up', '-d', '--build', '--wait', '--wait-timeout', String(UP_TIMEOUT_S)), { env }),
    );
    const ids = await step('post articles', () => Promise.all(ARTICLES.map(postArticle)));
    await step('pipeline reaches done', () => waitUntilAllDone(ids));
    await step('webhook to a receiver on the host', receiveOnHost);
    log('PASS: both articles went through ingest, normalize, dedupe and entities to done; the host got its webhook');
  } catch (error) {
    log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
    await run('docker', compose('ps'), { env }).catch(() => undefined);
    await run('docker', compose('logs', '--no-color', '--tail', '200'), { env }).catch(() => undefined);
    process.exitCode = 1;
  } finally {
    // Not a step(): the teardown runs even after an interrupt.
    log('compose down -v ...');
    await run('docker', compose('down', '-v', '--remove-orphans'), { env }).catch((error: unknown) => {
      log(`teardown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
  }
}

/**
 * Holds LOCK_FILE through a `flock` child process: the kernel drops the lock when that process ends, so a
 * crashed check leaves nothing stale, and `-o` keeps the descriptor out of the command flock runs. That command
 * lives until its stdin closes, which happens on release() or when this process dies, however it dies.
 */
function acquireMachineLock(): Promise<() => void> {
  return new Promise((resolveLock, reject) => {
    const script = 'echo locked; exec cat >/dev/null';
    const holder = spawn('flock', ['-o', '-w', String(LOCK_TIMEOUT_S), LOCK_FILE, 'sh', '-c', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    current = holder;
    const notice = setTimeout(() => log(`another compose check holds ${LOCK_FILE}; waiting for it`), 1000);
    const failed = (reason: string) => {
      clearTimeout(notice);
      reject(new Error(`could not lock ${LOCK_FILE}: ${reason}`));
    };
    holder.once('error', (error) => failed(error.message));
    holder.once('exit', (code, signal) => failed(signal ?? `flock exited with ${code} (timeout ${LOCK_TIMEOUT_S} s)`));
    createInterface({ input: holder.stdout }).once('line', () => {
      clearTimeout(notice);
      holder.removeAllListeners('exit');
      current = undefined;
      resolveLock(() => holder.stdin.end());
    });
  });
}

/**
 * Runs ../shared/docker/prepare-engine.sh unless the engine already answers and has the stand-in images. The
 * script's lock file descriptor is inherited by the dockerd it starts, so while that dockerd lives, any further
 * run of the script waits for the lock forever; skipping it when there is nothing to do avoids that hang, and
 * the timeout turns the remaining case into a failure with a message instead of a stuck CI job.
 */
async function prepareEngine(): Promise<void> {
  const ready =
    (await succeeds('docker', ['info'])) && (await succeeds('docker', ['image', 'inspect', ...STANDIN_IMAGES]));
  if (ready) {
    log('engine is up and has the stand-in images; prepare-engine.sh not needed');
    return;
  }
  const [command, ...args] = process.getuid?.() === 0 ? ['bash', ENGINE_SCRIPT] : ['sudo', 'bash', ENGINE_SCRIPT];
  await run(command, args, { timeoutMs: ENGINE_TIMEOUT_MS });
}

function compose(...args: string[]): string[] {
  return ['compose', '-p', PROJECT, '-f', resolve(ROOT, 'docker-compose.yml'), ...args];
}

async function postArticle(article: (typeof ARTICLES)[number], index: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${INGEST_PORT}/v1/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...article, externalId: `compose-check-${index + 1}` }),
  });
  const text = await response.text();
  if (response.status !== 202) throw new Error(`POST /v1/articles answered ${response.status}: ${text}`);
  const { id } = JSON.parse(text) as { id?: string };
  if (!id) throw new Error(`POST /v1/articles answered without an id: ${text}`);
  log(`accepted "${article.title}" as ${id}`);
  return id;
}

/** Polls the query service until every article is `done`; one `failed` article fails the check at once. */
async function waitUntilAllDone(ids: string[]): Promise<void> {
  const deadline = Date.now() + PIPELINE_TIMEOUT_MS;
  const pending = new Map(ids.map((id) => [id, 'no answer yet']));
  while (pending.size && Date.now() < deadline && !interrupted) {
    for (const id of pending.keys()) {
      const status = await articleStatus(id);
      if (status === 'done') {
        log(`${id} is done`);
        pending.delete(id);
      } else if (status.startsWith('failed')) {
        throw new Error(`${id} ${status}`);
      } else {
        pending.set(id, status);
      }
    }
    if (pending.size) await sleep(1000);
  }
  if (pending.size) {
    const last = [...pending].map(([id, status]) => `${id}: ${status}`).join('; ');
    throw new Error(`not done ${interrupted ? 'before the interrupt' : 'after 3 minutes'} (${last})`);
  }
}

/** The article's status, `failed: <error>`, or what went wrong asking for it (worth showing on a timeout). */
async function articleStatus(id: string): Promise<string> {
  try {
    const response = await fetch(`http://127.0.0.1:${QUERY_PORT}/v1/articles/${id}`);
    const text = await response.text();
    if (!response.ok) return `HTTP ${response.status}: ${text.slice(0, 200)}`;
    const article = JSON.parse(text) as { status?: string; error?: unknown };
    return article.status === 'failed' ? `failed: ${JSON.stringify(article.error ?? article)}` : `${article.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Subscribes `http://host.docker.internal:RECEIVER_PORT/hooks` — query resolves the name when it checks the URL,
 * webhooks when it calls it — and waits for the test event at a receiver listening on the host.
 */
async function receiveOnHost(): Promise<void> {
  let received!: () => void;
  const call = new Promise<void>((resolveCall) => (received = resolveCall));
  const receiver = createHttpServer((req, res) => {
    req.resume().once('end', () => {
      res.writeHead(204).end();
      log(`the receiver on the host got ${req.headers['webhook-id'] ?? 'a call'}`);
      received();
    });
  });
  await new Promise<void>((ok) => receiver.listen(Number(RECEIVER_PORT), '0.0.0.0', ok));
  try {
    const url = `http://host.docker.internal:${RECEIVER_PORT}/hooks`;
    const created = await fetch(`http://127.0.0.1:${QUERY_PORT}/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    const body = await created.text();
    if (created.status !== 201) throw new Error(`subscribing ${url} answered ${created.status}: ${body}`);
    const { id } = JSON.parse(body) as { id: string };
    const test = await fetch(`http://127.0.0.1:${QUERY_PORT}/v1/webhooks/${id}/test`, { method: 'POST' });
    if (test.status !== 202) throw new Error(`the test event answered ${test.status}: ${await test.text()}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () => fail(new Error(`no call reached the host's receiver within ${WEBHOOK_TIMEOUT_MS / 1000} s`)),
        WEBHOOK_TIMEOUT_MS,
      );
    });
    await Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  } finally {
    receiver.closeAllConnections();
    await new Promise((done) => receiver.close(done));
  }
}

/** Fails early with a hint rather than letting compose fail halfway with "port is already allocated". */
async function ensureFree(ports: string[]): Promise<void> {
  for (const port of ports) {
    await new Promise<void>((ok, fail) => {
      const server = createServer()
        .once('error', () =>
          fail(
            new Error(
              `host port ${port} is in use; choose others, e.g. INGEST_PORT=13000 QUERY_PORT=13001 RECEIVER_PORT=13002`,
            ),
          ),
        )
        .listen(Number(port), '0.0.0.0', () => server.close(() => ok()));
    });
  }
}

async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  if (interrupted) throw new Error(`interrupted before "${name}"`);
  const started = Date.now();
  log(`${name} ...`);
  try {
    return await action();
  } finally {
    log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  quiet?: boolean;
  timeoutMs?: number;
}

function run(command: string, args: string[], options: RunOptions = {}): Promise<void> {
  return new Promise<void>((ok, fail) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: options.env ?? process.env,
      stdio: options.quiet ? 'ignore' : 'inherit',
      timeout: options.timeoutMs,
    });
    current = child;
    const started = Date.now();
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      current = undefined;
      if (code === 0) return ok();
      const limit = options.timeoutMs;
      const timedOut = limit !== undefined && Date.now() - started >= limit;
      const how = timedOut ? `timed out after ${limit / 1000} s` : `exited with ${signal ?? code}`;
      fail(new Error(`${command} ${args.join(' ')} ${how}`));
    });
  });
}

function succeeds(command: string, args: string[]): Promise<boolean> {
  return run(command, args, { quiet: true }).then(
    () => true,
    () => false,
  );
}

function log(text: string): void {
  process.stdout.write(`[compose-check] ${text}\n`);
}

main().catch((error: unknown) => {
  log(`FAIL: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
