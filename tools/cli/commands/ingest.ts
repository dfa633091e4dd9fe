import { readFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@storyline/config';
import { ARTICLE_LIMITS } from '@storyline/contracts';
import { UsageError } from '../args';
import { Command } from '../command';
import { expandInputs, readArticleRecords, surveyRecords } from '../input/article-records';
import { onInterrupt } from '../interrupt';
import { createProgress } from '../progress';
import { IngestClient, IngestUnavailableError } from '../stack/ingest-client';
import { postArticles, PostSummary } from '../stack/post-articles';

/** Rejections listed in full; beyond this the count says the rest. */
const SHOWN_REJECTIONS = 20;

/** sysexits.h EX_TEMPFAIL: the service could not be reached for long enough; trying again later may work. */
const EX_TEMPFAIL = 75;

const RESUME_HINT =
  'stopped early: run the same command again to resume (articles already recorded come back as known)';

function printSummary(total: number, files: number, summary: PostSummary, out: NodeJS.WritableStream): void {
  out.write(
    `${total} article(s) from ${files} file(s): ${summary.accepted} accepted, ` +
      `${summary.duplicate} already known, ${summary.rejected.length} rejected\n`,
  );
  for (const r of summary.rejected.slice(0, SHOWN_REJECTIONS)) out.write(`  rejected ${r.origin}: ${r.error}\n`);
  if (summary.rejected.length > SHOWN_REJECTIONS) {
    out.write(`  … and ${summary.rejected.length - SHOWN_REJECTIONS} more\n`);
  }
}

async function readApiKey(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--api-key-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code})`);
  }
  const key = text.split(/\r?\n/, 1)[0].trim();
  if (!key) throw new UsageError(`--api-key-file: ${path} holds no key on its first line`);
  return key;
}

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
    'Requests are retried (honouring Retry-After) while the service is down or busy, for --retry-for seconds;',
    'then, or on Ctrl-C, the command prints how far it got and stops: run it again to resume.',
    'The key sent is the first line of --api-key-file (a key with the ingest scope, see `keys create`), else the',
    'first of API_KEYS. It is read from a file so that it does not show in the process list or shell history.',
    'Exit code 1 when any article was rejected, 75 when the service stayed unavailable, 130 when interrupted.',
  ].join('\n'),
  options: {
    url: { type: 'string', valueName: 'url', description: 'ingest service (default: http://127.0.0.1:$INGEST_PORT)' },
    batch: { type: 'number', valueName: 'n', description: 'articles per request', default: 500 },
    source: { type: 'string', valueName: 'name', description: 'source of articles that do not name one' },
    'api-key-file': { type: 'string', valueName: 'path', description: 'file whose first line is the API key to send' },
    'retry-for': {
      type: 'number',
      valueName: 'seconds',
      description: 'how long to retry a request while the service is unavailable',
      default: 300,
    },
  },
  async run(args) {
    if (args.positionals.length === 0) throw new UsageError('name at least one file or folder to ingest');
    const batchSize = args.number('batch') as number;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > ARTICLE_LIMITS.batch) {
      throw new UsageError(`--batch must be an integer from 1 to ${ARTICLE_LIMITS.batch}`);
    }
    const retryFor = args.number('retry-for') as number;
    if (!Number.isFinite(retryFor) || retryFor < 0) throw new UsageError('--retry-for must be a number of seconds');
    const config = loadConfigOrExit();
    const url = args.string('url') ?? `http://127.0.0.1:${config.INGEST_PORT}`;
    const keyFile = args.string('api-key-file');
    const apiKey = keyFile ? await readApiKey(keyFile) : config.API_KEYS[0];
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
    const summary: PostSummary = { accepted: 0, duplicate: 0, rejected: [] };
    const forget = onInterrupt(() => {
      printSummary(total, files.length, summary, process.stdout);
      process.stderr.write(`storyline ingest: ${RESUME_HINT}\n`);
    });
    try {
      await postArticles(
        readArticleRecords(files, options),
        new IngestClient({ url, apiKey, retryForMs: retryFor * 1000 }),
        { batchSize, progress, summary },
      );
    } catch (error) {
      // Whatever stopped the run, say how far it got: the articles posted so far are recorded.
      progress.stop();
      printSummary(total, files.length, summary, process.stdout);
      if (!(error instanceof IngestUnavailableError)) throw error;
      process.stderr.write(`storyline ingest: ${error.message}\n${RESUME_HINT}\n`);
      return EX_TEMPFAIL;
    } finally {
      forget();
    }
    printSummary(total, files.length, summary, process.stdout);
    return summary.rejected.length > 0 ? 1 : 0;
  },
};
