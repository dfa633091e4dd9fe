#!/usr/bin/env node
import { basename } from 'node:path';
import { loadConfigOrExit } from '@storyline/config';
import { formatOptions, parseArgs, UsageError } from '../cli/args';
import { expandInputs, readArticleRecords } from '../cli/input/article-records';
import { createProgress } from '../cli/progress';
import { projectPath } from '../cli/project-path';
import { IngestClient } from '../cli/stack/ingest-client';
import { postArticles } from '../cli/stack/post-articles';
import { DemoSite } from './demo-site';
import { collectFromFeeds, feedLines, removeFeeds } from './feeds-demo';
import { ArticleView, QueryClient, StoryView } from './query-client';
import { PostedFile, storyReport } from './story-report';

const OPTIONS = {
  'ingest-url': { type: 'string' as const, valueName: 'url', description: 'default: http://127.0.0.1:$INGEST_PORT' },
  'query-url': { type: 'string' as const, valueName: 'url', description: 'default: http://127.0.0.1:$QUERY_PORT' },
  timeout: { type: 'number' as const, valueName: 'seconds', description: 'wait this long at most', default: 300 },
  feeds: {
    type: 'boolean' as const,
    description: 'serve the folder as a news site and have the stack collect it from its feeds instead of posting it',
  },
  'site-port': {
    type: 'number' as const,
    valueName: 'port',
    description: '--feeds: port of the news site (fixed, so a second run finds the same pages)',
    default: 4650,
  },
  'site-host': {
    type: 'string' as const,
    valueName: 'name',
    description: '--feeds: the name the stack reaches this machine by (under compose: host.docker.internal)',
    default: '127.0.0.1',
  },
};

const HELP = `Usage: npm run demo [-- <folder>] [options]

Posts every .txt file of the folder (default: examples/articles) to a running stack, waits until each
article is done or failed, and prints the stories they form: articles by source/file, syndicated copies
marked with the article they copy, and each story's top entities. Running it again posts nothing new.

With --feeds, nothing is posted: the files are served as a small news site on this machine (pages, an RSS feed
and a news sitemap listing the same pages), its two feeds are added to the stack, polled once each, and the
stories form from what the fetch worker collects; the feeds are removed at the end. The stack must be allowed
to fetch from this machine: FETCH_ALLOW_PRIVATE_NETWORKS=true.

Options:
${formatOptions(OPTIONS)}
`;

const POLL_MS = 500;
const POLL_CONCURRENCY = 16;

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (args.positionals.length > 1) throw new UsageError('name one folder');
  const folder = args.positionals[0] ?? projectPath('examples/articles');
  const config = loadConfigOrExit();
  const ingestUrl = args.string('ingest-url') ?? `http://127.0.0.1:${config.INGEST_PORT}`;
  const query = new QueryClient(
    args.string('query-url') ?? `http://127.0.0.1:${config.QUERY_PORT}`,
    config.API_KEYS[0],
  );

  const files = await expandInputs([folder]);
  const timeoutMs = (args.number('timeout') as number) * 1000;
  if (args.flag('feeds')) {
    return feedsDemo(
      query,
      files.map((f) => f.path),
      {
        port: args.number('site-port') as number,
        host: args.string('site-host') as string,
      },
      timeoutMs,
    );
  }
  const posted: PostedFile[] = [];
  const summary = await postArticles(
    readArticleRecords(files),
    new IngestClient({ url: ingestUrl, apiKey: config.API_KEYS[0] }),
    {
      batchSize: 100,
      progress: createProgress({ label: 'post', total: files.length }),
      onPosted: (record, id) => posted.push({ file: basename(record.origin), id }),
    },
  );
  process.stdout.write(
    `Posted ${files.length} file(s) from ${folder}: ${summary.accepted} new, ${summary.duplicate} already known, ` +
      `${summary.rejected.length} rejected\n`,
  );
  for (const r of summary.rejected) process.stdout.write(`  rejected ${r.origin}: ${r.error}\n`);

  const unfinished = await reportStories(query, posted, timeoutMs);
  return summary.rejected.length || unfinished ? 1 : 0;
}

/** Waits for the articles, prints the stories they formed; resolves with how many did not finish in time. */
async function reportStories(query: QueryClient, posted: PostedFile[], timeoutMs: number): Promise<number> {
  const articles = await waitForFinal(query, posted, timeoutMs);
  const storyIds = [...new Set([...articles.values()].map((a) => a.storyId).filter((id): id is string => !!id))];
  const stories: StoryView[] = [];
  for (const id of storyIds) stories.push(await query.story(id));
  process.stdout.write(`\n${storyReport(posted, articles, stories)}`);
  const unfinished = posted.filter((p) => !isFinal(articles.get(p.id)));
  if (unfinished.length) {
    process.stdout.write(`\n${unfinished.length} article(s) still in the pipeline when the timeout struck\n`);
  }
  return unfinished.length;
}

/** `--feeds`: the folder as a news site, collected by the stack from its feeds. */
async function feedsDemo(
  query: QueryClient,
  files: string[],
  site: { port: number; host: string },
  timeoutMs: number,
): Promise<number> {
  // The example articles were written as of March 2031; their pages say so.
  const demo = await DemoSite.fromFiles(files, new Date('2031-03-03T06:00:00Z'));
  const loopback = site.host === '127.0.0.1' || site.host === 'localhost';
  await demo.start(loopback ? '127.0.0.1' : '0.0.0.0', site.port, site.host);
  process.stdout.write(`Serving ${files.length} page(s) at ${demo.base} (/rss.xml, /news-sitemap.xml)\n`);
  try {
    const { posted, feeds } = await collectFromFeeds(query, demo, timeoutMs);
    process.stdout.write(`Polled the site's feeds:\n${feedLines(feeds)}\n`);
    const unfinished = await reportStories(query, posted, timeoutMs);
    await removeFeeds(query, feeds);
    process.stdout.write('\nRemoved the demo feeds (their articles stay).\n');
    return unfinished || posted.length < files.length ? 1 : 0;
  } finally {
    await demo.stop();
  }
}

const isFinal = (a?: ArticleView) => a?.status === 'done' || a?.status === 'failed';

/** Polls each posted article until all are done or failed (or the timeout), with a progress bar. */
async function waitForFinal(
  query: QueryClient,
  posted: readonly PostedFile[],
  timeoutMs: number,
): Promise<Map<string, ArticleView>> {
  const seen = new Map<string, ArticleView>();
  const progress = createProgress({ label: 'pipeline', total: posted.length, intervalMs: 2000 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = posted.filter((p) => !isFinal(seen.get(p.id)));
    for (let i = 0; i < pending.length; i += POLL_CONCURRENCY) {
      const views = await Promise.all(pending.slice(i, i + POLL_CONCURRENCY).map((p) => query.article(p.id)));
      for (const view of views) seen.set(view.id, view);
    }
    const final = posted.filter((p) => isFinal(seen.get(p.id))).length;
    const failed = posted.filter((p) => seen.get(p.id)?.status === 'failed').length;
    progress.update(final, failed ? `${failed} failed` : 'done or failed');
    if (final === posted.length || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  progress.stop();
  return seen;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    if (usage) process.stderr.write('Run `npm run demo -- --help`.\n');
    process.exitCode = usage ? 64 : 1;
  },
);
