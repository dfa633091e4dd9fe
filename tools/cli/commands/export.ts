import { loadConfigOrExit } from '@storyline/config';
import { UsageError } from '../args';
import { Command } from '../command';
import { openOutput, Output } from '../output';
import { RECORD_FORMATS, RecordFormat, recordWriter } from '../record-format';
import { ARTICLE_COLUMNS, exportArticles } from '../stack/article-export';
import { openDatabase } from '../stack/database';
import { EXPORTED_STORY_ENTITIES, exportStories, STORY_COLUMNS } from '../stack/story-export';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write every stored article, or every live story, as JSON Lines or CSV',
  usage: 'export articles|stories [--format jsonl|csv] [--out <file>]',
  details: [
    'Read from DATABASE_URL page by page, one record per article or story.',
    '',
    'articles, in arrival order:',
    `  { ${ARTICLE_COLUMNS.join(', ')} }`,
    '  canonicalId, jaccard and containment are set when the article is a syndicated copy; publishedFrom says',
    '  where publishedAt came from: declared (by the submitter or the page), text (read from the article), or',
    '  received (no date known: the receive time); entities: [{ id, name, type, mentions }].',
    '',
    'stories (live ones, as GET /v1/stories lists them), oldest first seen first:',
    `  { ${STORY_COLUMNS.join(', ')} }`,
    `  topEntities: the ${EXPORTED_STORY_ENTITIES} most salient, [{ id, name, type, salience, articleIds }].`,
    '',
    'CSV: a header of these columns; a list or an object in a cell is written as its JSON.',
  ].join('\n'),
  options: {
    format: { type: 'string', valueName: 'format', description: 'jsonl or csv', default: 'jsonl' },
    out: { type: 'string', valueName: 'file', description: 'write here instead of standard output' },
  },
  async run(args) {
    const [what, ...extra] = args.positionals;
    if ((what !== 'articles' && what !== 'stories') || extra.length) {
      throw new UsageError('what to export: `export articles` or `export stories`');
    }
    const format = args.string('format') as RecordFormat;
    if (!RECORD_FORMATS.includes(format)) throw new UsageError(`--format: one of ${RECORD_FORMATS.join(', ')}`);
    const out = await openOutput(args.string('out'));
    const db = await openDatabase(loadConfigOrExit());
    let count: number;
    try {
      count =
        what === 'articles'
          ? await writeRecords(out, format, ARTICLE_COLUMNS, exportArticles(db))
          : await writeRecords(out, format, STORY_COLUMNS, exportStories(db));
    } finally {
      await out.close();
      await db.destroy();
    }
    if (args.string('out')) process.stderr.write(`exported ${count} ${what} to ${args.string('out')}\n`);
    return 0;
  },
};

/** Writes the records in `format` (CSV with a header of `columns`); resolves with how many there were. */
async function writeRecords<T extends object>(
  out: Output,
  format: RecordFormat,
  columns: readonly (keyof T & string)[],
  records: AsyncIterable<T>,
): Promise<number> {
  const writer = recordWriter(format, columns);
  await out.write(writer.header);
  let count = 0;
  for await (const record of records) {
    await out.write(writer.line(record));
    count++;
  }
  return count;
}
