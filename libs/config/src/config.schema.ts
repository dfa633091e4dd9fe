import { isIP } from 'node:net';
import { z } from 'zod';
import { isRedisClusterUrl, parseRedisTarget } from '@storyline/transport';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
// Digits only: coercion would read ' ' as 0 (a random port) and '0x10' as 16.
const port = z
  .string()
  .regex(/^\d{1,5}$/, 'a port number from 0 to 65535 (0: any free port)')
  .transform(Number)
  .pipe(z.number().max(65535, 'a port number from 0 to 65535 (0: any free port)'));
const positiveInt = z.coerce.number().int().positive();
const digits = (message: string) => z.string().regex(/^\d+$/, message).transform(Number);
const byteCount = digits('a number of bytes').pipe(z.number().int().min(1024, 'at least 1024 bytes'));
const timeoutMs = digits('milliseconds (0: none)').pipe(z.number().int().max(2_147_483_647));
const rateLimit = digits('a number of requests (0: no limit)').pipe(z.number().int().max(1_000_000_000));
const url = (protocols: RegExp) => z.url({ protocol: protocols });

/** One server (`redis://`, `rediss://`) or a Redis Cluster's seed nodes (`redis+cluster://h:p,h:p`). */
const redisUrl = z.string().superRefine((value, ctx) => {
  if (!isRedisClusterUrl(value)) {
    if (!url(/^rediss?$/).safeParse(value).success) {
      ctx.addIssue({ code: 'custom', message: 'a redis://, rediss:// or redis+cluster:// URL' });
    }
    return;
  }
  try {
    parseRedisTarget(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** BullMQ's keys are `<prefix>:<queue>:…`; on a cluster the prefix's `{…}` puts one stack's keys in one slot. */
const HASH_TAG = /\{[A-Za-z0-9_-]+\}/;

const workerMetricsPort = (worker: string) =>
  `port of the ${worker} worker's own /metrics (process and jobs, for Prometheus); none: not served`;

/**
 * Every environment variable Storyline reads, with its default. The README's configuration table is this
 * list; `describe()` texts are printed by `npm run cli -- config`.
 */
export const ConfigSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'])
      .default('development')
      .describe('development, production or test'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level of every service'),
    DATABASE_URL: url(/^postgres(ql)?$/)
      .default('postgres://postgres@127.0.0.1:5432/storyline')
      .describe('PostgreSQL, the source of truth; `migrate` creates the database if it is missing'),
    DATABASE_PREPARED_STATEMENTS: bool
      .default(true)
      .describe(
        "keep the workers' hot statements prepared on their connections (parsed and planned once); false behind a PgBouncer older than 1.21 in transaction mode, or one without max_prepared_statements",
      ),
    REDIS_URL: redisUrl
      .default('redis://127.0.0.1:6379')
      .describe(
        'Redis, which carries the queues and the rate-limit counts only; a Redis Cluster as redis+cluster://[user:password@]host:port,host:port,… (rediss+cluster:// for TLS), with a hash-tagged QUEUE_PREFIX',
      ),
    QUEUE_PREFIX: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]*(?:\{[A-Za-z0-9_-]+\})?[A-Za-z0-9_-]*$/,
        'letters, digits, _ and -, with at most one hash tag such as {storyline}',
      )
      .refine((prefix) => prefix.length > 0, 'must not be empty')
      .default('storyline')
      .describe(
        'BullMQ key prefix; lets several stacks share one Redis; on a Redis Cluster a hash tag such as {storyline}',
      ),
    HOST: z
      .string()
      // An IP address or a host name (checked here: a bad one would only fail at listen(), with a stack trace).
      .refine(
        (host) =>
          isIP(host) !== 0 ||
          /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/.test(
            host,
          ),
        'an IP address or a host name',
      )
      .default('0.0.0.0')
      .describe('address the HTTP services bind to'),
    API_KEYS: z
      .string()
      .default('')
      .transform((raw) =>
        raw
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9._~+/=-]{16,}$/, 'each key: 16 or more URL-safe characters')))
      .describe(
        "comma-separated admin keys that need no database (bootstrap and operators); with these or any key made by `cli keys create`, every /v1 request to ingest and query needs `Authorization: Bearer <key>` with the route's scope (health, metrics and docs stay open); none, and no stored key: no authentication",
      ),
    API_KEY_CACHE_MS: timeoutMs
      .default(5000)
      .describe(
        'how long ingest and query remember a stored API key they looked up (and whether any key is stored): a revoked key is refused, and a first key enforced, within this long (0: look up every request)',
      ),
    RATE_LIMIT_WINDOW_MS: positiveInt
      .default(60000)
      .describe('the window of INGEST_RATE_LIMIT and QUERY_RATE_LIMIT, in ms'),
    INGEST_RATE_LIMIT: rateLimit
      .default(600)
      .describe(
        'requests one API key may make to ingest per RATE_LIMIT_WINDOW_MS, all at once or spread (a batch is one request); more are answered 429 with Retry-After; counted in Redis, so shared by every copy of ingest (0: no limit)',
      ),
    QUERY_RATE_LIMIT: rateLimit
      .default(1200)
      .describe('requests one API key may make to query per RATE_LIMIT_WINDOW_MS, as INGEST_RATE_LIMIT (0: no limit)'),
    INGEST_PORT: port.default(3000).describe('HTTP port of the ingest service'),
    INGEST_ARTICLE_MAX_BYTES: byteCount
      .default(2 * 1024 * 1024)
      .describe('largest request body of POST /v1/articles (JSON, text or HTML), in bytes; larger is refused with 413'),
    INGEST_BATCH_MAX_BYTES: byteCount
      .default(32 * 1024 * 1024)
      .describe('largest request body of POST /v1/articles/batch, in bytes; larger is refused with 413'),
    QUERY_PORT: port.default(3001).describe('HTTP port of the query service'),
    HTTP_STATEMENT_TIMEOUT_MS: timeoutMs
      .default(15000)
      .describe(
        "Postgres statement_timeout of ingest's and query's connections: a request whose query runs longer is answered 503 with Retry-After (0: none)",
      ),
    HTTP_LOCK_TIMEOUT_MS: timeoutMs
      .default(5000)
      .describe(
        "Postgres lock_timeout of ingest's and query's connections: a request that waits longer for a lock (a table locked by a migration or by hand) is answered 503 with Retry-After (0: none)",
      ),
    WORKER_STATEMENT_TIMEOUT_MS: timeoutMs
      .default(120000)
      .describe(
        "Postgres statement_timeout of the workers' connections, lock waits included: a statement stuck longer fails its job, which is retried (0: none)",
      ),
    QUERY_PUBLIC_URL: url(/^https?$/)
      .default('http://localhost:3001')
      .describe('where clients reach the query service; used in the Location header of accepted articles'),
    STREAM_POLL_MS: positiveInt
      .max(60_000)
      .default(1000)
      .describe('how often each open GET /v1/stream looks for new events in the outbox'),
    STREAM_HEARTBEAT_MS: positiveInt
      .max(600_000)
      .default(15000)
      .describe(
        'how often GET /v1/stream sends a comment line while it has no event to send (keeps proxies from closing it)',
      ),
    STREAM_MAX_CONNECTIONS: positiveInt
      .max(100_000)
      .default(100)
      .describe(
        'open GET /v1/stream connections one query process serves at once; more are answered 503 with Retry-After',
      ),
    STREAM_SLOW_CONSUMER_MS: positiveInt
      .default(30000)
      .describe(
        "how long a GET /v1/stream client may leave its connection's buffer full (not reading) before the stream is ended, with a final comment",
      ),
    NORMALIZE_METRICS_PORT: port.optional().describe(workerMetricsPort('normalize')),
    DEDUPE_METRICS_PORT: port.optional().describe(workerMetricsPort('dedupe')),
    ENTITIES_METRICS_PORT: port.optional().describe(workerMetricsPort('entities')),
    WEBHOOKS_METRICS_PORT: port.optional().describe(workerMetricsPort('webhooks')),
    FETCH_METRICS_PORT: port.optional().describe(workerMetricsPort('fetch')),
    WORKER_CONCURRENCY: positiveInt
      .max(64)
      .default(4)
      .describe('dedupe: story decisions one worker process makes at once (each holds a Postgres connection)'),
    STAGE_BATCH_SIZE: positiveInt
      .max(256)
      .default(16)
      .describe(
        'normalize and entities: jobs one worker process runs at once, handled together in batches (one read, one write and one hand-on per batch rather than per article)',
      ),
    STAGE_BATCH_WINDOW_MS: digits('milliseconds')
      .pipe(z.number().int().max(1000, 'at most 1000'))
      .default(5)
      .describe(
        'normalize and entities: how long the first job of a batch waits for more before the batch runs (0: only the jobs already there); dedupe: how long a decided article waits for others to go on to entities with',
      ),
    JOB_ATTEMPTS: positiveInt.max(50).default(8).describe('tries per pipeline job before the article is failed'),
    JOB_BACKOFF_MS: positiveInt.default(1000).describe('first retry delay; doubles on each retry'),
    SHUTDOWN_GRACE_MS: digits('milliseconds')
      .pipe(z.number().int().max(600_000, 'at most 600000 (10 minutes)'))
      .default(8000)
      .describe(
        'on SIGTERM or SIGINT, how long a service lets its running jobs and requests finish; then its jobs still running go back to their queues, their Postgres statements are cancelled (their transactions roll back) and its connections close; the process is gone within 1 s more',
      ),
    SWEEP_INTERVAL_MS: positiveInt
      .default(30000)
      .describe('how often a worker re-queues articles left waiting at its stage (e.g. accepted while Redis was down)'),
    STORY_WINDOW_HOURS: positiveInt.default(72).describe('a story with no new article for this long goes quiet'),
    STORY_LINK_THRESHOLD: z.coerce
      .number()
      .min(0)
      .max(10)
      .default(0.667)
      .describe(
        "mean relative similarity (similarity ÷ the articles' local scales; agreeing headlines add to it) at which full-text articles are one story; higher gives finer stories",
      ),
    NER_MODEL_PATH: z
      .string()
      .default('models/ner-v1.json.gz')
      .describe(
        'trained entity recognizer; a relative path is read from the working directory (the project root under npm start and in the image)',
      ),
    WEBHOOK_CONCURRENCY: positiveInt
      .max(256)
      .default(32)
      .describe('delivery attempts one webhooks process makes at once (I/O-bound: mostly waiting on receivers)'),
    WEBHOOK_TIMEOUT_MS: positiveInt.default(15000).describe('deadline of one delivery attempt (connect to response)'),
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .regex(/^\s*\d+(ms|s|m|h|d)?(\s*,\s*\d+(ms|s|m|h|d)?)*\s*$/, 'comma-separated durations such as 0,5s,5m,2h')
      .default('0,5s,5m,30m,2h,5h,10h,10h')
      .describe('delay before each delivery attempt'),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool
      .default(false)
      .describe(
        'allow webhook URLs that resolve to private, loopback or link-local addresses (local development, tests)',
      ),
    WEBHOOK_DISABLE_AFTER: z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 5d or 12h')
      .default('5d')
      .describe('an endpoint failing continuously for this long is disabled'),
    WEBHOOK_ROTATION_GRACE: z
      .string()
      .regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as 24h')
      .default('24h')
      .describe('how long the previous secret keeps signing after a rotation'),
    WEBHOOK_COALESCE_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(1000)
      .describe(
        'story.updated events of one story within this window go out as one, with the latest version; a story that keeps changing still goes out once per 10 windows (0: off, every version goes out)',
      ),
    WEBHOOK_OUTBOX_POLL_MS: positiveInt
      .default(2000)
      .describe('how often the relay looks for events that were written while Redis was unreachable'),
    FETCH_CONCURRENCY: positiveInt
      .max(256)
      .default(16)
      .describe('pages one fetch process fetches at once (I/O-bound: mostly waiting on sites and on politeness)'),
    FETCH_TIMEOUT_MS: positiveInt
      .max(600_000)
      .default(20000)
      .describe(
        'network time one page fetch may take, redirects included (DNS, connect, the whole body); a slower site is tried again later',
      ),
    FETCH_MAX_BYTES: byteCount
      .default(5_000_000)
      .describe('largest page the fetcher reads, in bytes; a larger one fails its article (too-large)'),
    FETCH_MAX_REDIRECTS: digits('a number of redirects')
      .pipe(z.number().int().max(20))
      .default(5)
      .describe('redirects one fetch follows, each hop checked like the first'),
    FETCH_ALLOW_PRIVATE_NETWORKS: bool
      .default(false)
      .describe(
        'let the fetcher reach pages on private, loopback or unique-local addresses (an intranet, tests); link-local addresses (cloud metadata) stay refused',
      ),
    FETCH_CONTACT_URL: url(/^https?$/)
      .optional()
      .describe(
        "a page saying who runs this Storyline and how to reach them, sent in the fetcher's User-Agent (Storyline/<version> (+<url>)) for site owners",
      ),
    FETCH_HOST_DELAY_MS: digits('milliseconds')
      .pipe(z.number().int().max(600_000))
      .default(1000)
      .describe(
        "least time between two requests to one host, from all fetch workers together (a site's robots.txt Crawl-delay, when longer, up to a minute)",
      ),
    FETCH_HOST_CONCURRENCY: positiveInt
      .max(64)
      .default(2)
      .describe('requests all fetch workers together have open to one host at once (counted in Redis)'),
  })
  // BullMQ's scripts touch several keys of a queue at once, which a cluster allows only within one hash slot.
  .superRefine((config, ctx) => {
    if (isRedisClusterUrl(config.REDIS_URL) && !HASH_TAG.test(config.QUEUE_PREFIX)) {
      ctx.addIssue({
        code: 'custom',
        path: ['QUEUE_PREFIX'],
        message:
          'QUEUE_PREFIX must be a hash tag like {storyline} on Redis Cluster (REDIS_URL is a redis+cluster:// URL)',
      });
    }
  });

export type AppConfig = z.infer<typeof ConfigSchema>;
