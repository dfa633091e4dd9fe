import { loadConfigOrExit } from '@storyline/config';
import { RenormalizeArticles, RequestPathQueue } from '@storyline/pipeline';
import { UsageError } from '../args';
import { Command } from '../command';
import { createProgress } from '../progress';
import { openDatabase } from '../stack/database';
import { reachRedis } from '../stack/redis';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const renormalizeCommand: Command = {
  name: 'renormalize',
  summary: 'Run stored articles through the whole pipeline again (e.g. after the cleanup rules changed)',
  usage: 'renormalize [--since <ISO time>] [--id <uuid> …] [--failed]',
  details: [
    'Selects articles received at or after --since, with the given ids, and/or that failed (every article',
    'when none is given), gives each a new revision, resets it to `received` from its stored raw input, and queues',
    'normalization; dedupe and entities follow as for a new article. Follow with `storyline wait`.',
  ].join('\n'),
  options: {
    since: { type: 'string', valueName: 'ISO time', description: 'only articles received at or after this time' },
    id: { type: 'string', valueName: 'uuid', multiple: true, description: 'only these articles (repeatable)' },
    failed: { type: 'boolean', description: 'only articles that failed (once the cause is fixed)' },
  },
  async run(args) {
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const sinceText = args.string('since');
    const since = sinceText === undefined ? undefined : new Date(sinceText);
    if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since is not a time: "${sinceText}"`);
    const ids = args.strings('id');
    const bad = ids.find((id) => !UUID.test(id));
    if (bad) throw new UsageError(`--id is not a uuid: "${bad}"`);
    const selection = { since, ids: ids.length ? ids : undefined, failed: args.flag('failed') };

    const config = loadConfigOrExit();
    // Queueing gives up after a few seconds if Redis goes away during the run: the articles reset by then wait in
    // `received`, and the normalize worker's sweeper queues them once Redis answers.
    const queue = new RequestPathQueue(config);
    const db = await openDatabase(config).catch(async (error: unknown) => {
      await queue.client.close();
      throw error;
    });
    try {
      await reachRedis(queue, config);
      const renormalize = new RenormalizeArticles(db, queue);
      const total = await renormalize.count(selection);
      const progress = createProgress({ label: 'renormalize', total });
      const { articles } = await renormalize.execute(selection, { onProgress: (done) => progress.update(done) });
      progress.stop();
      process.stdout.write(`${articles} article(s) queued for normalization again\n`);
      return 0;
    } finally {
      await queue.client.close();
      await db.destroy();
    }
  },
};
