import { loadConfigOrExit } from '@storyline/config';
import { ARTICLE_LIMITS } from '@storyline/contracts';
import { UsageError } from '../args';
import { Command } from '../command';
import { expandInputs, readArticleRecords, surveyRecords } from '../input/article-records';
import { createProgress } from '../progress';
import { IngestClient } from '../stack/ingest-client';
import { postArticles } from '../stack/post-articles';

/** Rejections listed in full; beyond this the count says the rest. */
const SHOWN_REJECTIONS = 20;

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Post articles (JSON Lines, JSON, text files or folders) through the batch API',
  usage: 'ingest <file.jsonl|file.jsonl.gz|file.json|dir|file.txt …> [options]',
  details: [
    'JSON Lines: one article object per line; fields the API does not take (labels, topics) are dropped before',
    'posting. Every article is given an externalId — its `externalId` or `id` field, else file name and line —',
    'so running the command again posts nothing new: known articles come back as duplicates.',
    'A folder stands for the .txt files in it; each text file is posted as { source, externalId: <file name>,',
    'body: <text> }, source defaulting to the folder name. Gzipped inputs (.gz) are read as they are.',
    'Exit code 1 when any article was rejected.',
  ].join('\n'),
  options: {
    url: { type: 'string', valueName: 'url', description: 'ingest service (default: http://127.0.0.1:$INGEST_PORT)' },
    batch: { type: 'number', valueName: 'n', description: 'articles per request', default: 500 },
    source: { type: 'string', valueName: 'name', description: 'source of articles that do not name one' },
  },
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError('name at least one file or folder to ingest');
    const batchSize = args.number('batch') as number;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > ARTICLE_LIMITS.batch) {
      throw new UsageError(`--batch must be an integer from 1 to ${ARTICLE_LIMITS.batch}`);
    }
    const config = loadConfigOrExit();
    const url = args.string('url') ?? `http://127.0.0.1:${config.INGEST_PORT}`;
    const files = await expandInputs(args.positionals);
    const options = { source: args.string('source') };
    const { total, conflict } = await surveyRecords(files, options);
    if (conflict) {
      throw new UsageError(
        `${conflict.first} and ${conflict.second} would both be known as ${conflict.key}, so the second would ` +
          'never be stored: give the articles an "id" or "externalId", or rename one of the files',
      );
    }
    const progress = createProgress({ label: 'ingest', total });
    const summary = await postArticles(
      readArticleRecords(files, options),
      new IngestClient({ url, apiKey: config.API_KEYS[0] }),
      {
        batchSize,
        progress,
      },
    );

    const out = process.stdout;
    out.write(
      `${total} article(s) from ${files.length} file(s): ${summary.accepted} accepted, ` +
        `${summary.duplicate} already known, ${summary.rejected.length} rejected\n`,
    );
    for (const r of summary.rejected.slice(0, SHOWN_REJECTIONS)) out.write(`  rejected ${r.origin}: ${r.error}\n`);
    if (summary.rejected.length > SHOWN_REJECTIONS) {
      out.write(`  … and ${summary.rejected.length - SHOWN_REJECTIONS} more\n`);
    }
    return summary.rejected.length > 0 ? 1 : 0;
  },
};
