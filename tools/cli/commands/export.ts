import { loadConfigOrExit } from '@storyline/config';
import { UsageError } from '../args';
import { Command } from '../command';
import { openOutput } from '../output';
import { exportArticles } from '../stack/article-export';
import { openDatabase } from '../stack/database';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write every stored article with its story and syndication link as JSON Lines',
  usage: 'export articles [--format jsonl] [--out <file>]',
  details: [
    'One line per article, in arrival order, read from DATABASE_URL page by page:',
    '  { id, externalId, source, storyId, canonicalId, jaccard, containment, status }',
    'canonicalId, jaccard and containment are set when the article is a syndicated copy.',
  ].join('\n'),
  options: {
    format: { type: 'string', valueName: 'format', description: 'output format', default: 'jsonl' },
    out: { type: 'string', valueName: 'file', description: 'write here instead of standard output' },
  },
  async run(args) {
    const [what, ...extra] = args.positionals;
    if (what !== 'articles' || extra.length) throw new UsageError('what to export: `export articles`');
    if (args.string('format') !== 'jsonl') throw new UsageError('the only format is jsonl');
    const out = await openOutput(args.string('out'));
    const db = await openDatabase(loadConfigOrExit());
    let count = 0;
    try {
      for await (const article of exportArticles(db)) {
        await out.write(`${JSON.stringify(article)}\n`);
        count++;
      }
    } finally {
      await out.close();
      await db.destroy();
    }
    if (args.string('out')) process.stderr.write(`exported ${count} article(s) to ${args.string('out')}\n`);
    return 0;
  },
};
