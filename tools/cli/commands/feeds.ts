import { loadConfigOrExit } from '@storyline/config';
import { FEED_KINDS, FeedInput } from '@storyline/contracts';
import { FeedExists, FeedRegistry, FeedUrlRefused, FeedView } from '@storyline/pipeline';
import { ParsedArgs, UsageError } from '../args';
import { Command } from '../command';
import { openDatabase } from '../stack/database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTIONS = ['list', 'add', 'poll', 'pause', 'resume', 'remove'] as const;
/** Options that only `feeds add` takes. */
const ADD_ONLY = ['kind', 'every', 'source'];

export const feedsCommand: Command = {
  name: 'feeds',
  summary: 'List the feeds Storyline polls and their health; add, pause, resume and remove them',
  usage:
    'feeds [list] [--json] | feeds add <url> [--kind <kind>] [--every <duration>] [--source <name>] | feeds poll|pause|resume|remove <id>',
  details: [
    '`list` shows every feed with its health — ok, failing (consecutive errors, last error), paused, or new (not yet',
    'polled) — its last poll and HTTP status, and the items it has shown (seen) and brought in (ingested). `add`',
    `takes a feed or sitemap URL; its kind (${FEED_KINDS.join(', ')}) is read from the document unless given, and it`,
    'is polled every 15m unless --every says otherwise (1m to 7d); `poll` has a fetch worker poll it now. The same',
    'as /v1/feeds on the query service.',
    'Exit code 1 when `list` shows a failing feed, so a cron job can alert on it.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', description: 'list: one JSON object per feed and line' },
    kind: { type: 'string', valueName: 'kind', description: `add: ${FEED_KINDS.join(', ')} (default: read it)` },
    every: { type: 'string', valueName: 'duration', description: 'add: how often to poll, 1m to 7d (default 15m)' },
    source: { type: 'string', valueName: 'name', description: "add: the source name of the feed's articles" },
  },
  async run(args) {
    const [action = 'list', ...rest] = args.positionals;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new UsageError(`say what to do: ${ACTIONS.map((a) => `\`feeds ${a}\``).join(', ')}`);
    }
    const misplaced = ADD_ONLY.filter((name) => action !== 'add' && args.has(name));
    if (args.flag('json') && action !== 'list') misplaced.push('json');
    if (misplaced.length) throw new UsageError(`--${misplaced[0]} is not an option of \`feeds ${action}\``);
    const wanted = action === 'list' ? 0 : 1;
    if (rest.length !== wanted) {
      throw new UsageError(wanted ? `give one ${action === 'add' ? 'URL' : 'feed id'}` : `unexpected "${rest[0]}"`);
    }
    if (action !== 'list' && action !== 'add' && !UUID.test(rest[0])) {
      throw new UsageError(`not a feed id: "${rest[0]}" (see \`feeds list\`)`);
    }
    const input = action === 'add' ? feedInput(rest[0], args) : undefined;

    const config = loadConfigOrExit();
    const db = await openDatabase(config);
    try {
      const feeds = new FeedRegistry(db, config);
      if (action === 'list') {
        const all = await feeds.list();
        process.stdout.write(args.flag('json') ? all.map((f) => `${JSON.stringify(f)}\n`).join('') : table(all));
        return all.some((f) => healthOf(f) === 'failing') ? 1 : 0;
      }
      if (input) return await add(feeds, input);
      if (action === 'poll') return await poll(feeds, rest[0]);
      const done =
        action === 'remove' ? await feeds.remove(rest[0]) : await feeds.setPaused(rest[0], action === 'pause');
      if (!done) {
        process.stderr.write(`storyline feeds: no feed ${rest[0]}\n`);
        return 1;
      }
      const said = { remove: 'removed', pause: 'paused', resume: 'resumed' }[action];
      process.stdout.write(`${said} ${rest[0]}\n`);
      return 0;
    } finally {
      await db.destroy();
    }
  },
};

async function poll(feeds: FeedRegistry, id: string): Promise<number> {
  const feed = await feeds.pollNow(id);
  if (!feed) {
    process.stderr.write(`storyline feeds: no feed ${id}\n`);
    return 1;
  }
  if (feed.status === 'paused') {
    process.stderr.write(`storyline feeds: ${id} is paused; \`feeds resume ${id}\` polls it again\n`);
    return 1;
  }
  process.stdout.write(`polling ${id} now; \`feeds list\` shows what it found\n`);
  return 0;
}

async function add(feeds: FeedRegistry, input: FeedInput): Promise<number> {
  try {
    const feed = await feeds.create(input);
    process.stdout.write(`${feed.id}\n`);
    process.stderr.write(`added ${feed.url}, polled every ${feed.pollEvery}; first poll by ${iso(feed.nextPollAt)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof FeedExists) && !(error instanceof FeedUrlRefused)) throw error;
    process.stderr.write(`storyline feeds: ${error.message}\n`);
    return 1;
  }
}

function feedInput(url: string, args: ParsedArgs): FeedInput {
  const parsed = FeedInput.safeParse({
    url,
    kind: args.string('kind'),
    pollEvery: args.string('every'),
    source: args.string('source'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const option = { url: 'the URL', kind: '--kind', pollEvery: '--every', source: '--source' }[String(issue.path[0])];
    throw new UsageError(`${option ?? 'input'}: ${issue.message}`);
  }
  return parsed.data;
}

export type FeedHealth = 'ok' | 'failing' | 'paused' | 'new';

/** A feed at a glance: what an operator scanning a list of hundreds looks for first. */
export function healthOf(feed: Pick<FeedView, 'status' | 'consecutiveErrors' | 'lastPolledAt'>): FeedHealth {
  if (feed.status === 'paused') return 'paused';
  if (feed.consecutiveErrors > 0) return 'failing';
  return feed.lastPolledAt ? 'ok' : 'new';
}

function iso(date: Date | null): string {
  return date ? new Date(date).toISOString().replace(/\.\d+Z$/, 'Z') : '-';
}

export function table(feeds: FeedView[]): string {
  if (!feeds.length) return 'no feeds (add one with `feeds add <url>` or POST /v1/feeds)\n';
  const rows = feeds.map((f) => {
    const health = healthOf(f);
    return [
      f.id,
      health === 'failing' ? `failing ×${f.consecutiveErrors}` : health,
      f.kind ?? '?',
      f.pollEvery,
      iso(f.lastPolledAt),
      f.lastHttpStatus === null ? '-' : String(f.lastHttpStatus),
      `${f.itemsIngested}/${f.itemsSeen}`,
      f.url,
      health === 'failing' ? (f.lastError ?? '') : '',
    ];
  });
  const header = ['id', 'health', 'kind', 'every', 'last poll', 'http', 'ingested/seen', 'url', 'last error'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
