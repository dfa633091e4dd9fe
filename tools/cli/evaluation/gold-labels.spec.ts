import { ArticleRecord, RecordError } from '../input/article-records';
import { readGoldLabels } from './gold-labels';

async function* records(items: Record<string, unknown>[]): AsyncGenerator<ArticleRecord | RecordError> {
  yield { origin: 'x:0', error: 'invalid JSON' };
  for (const fields of items) {
    yield {
      fields,
      origin: 'x',
      article: { externalId: fields.id as string, source: (fields.source as string) ?? undefined },
    };
  }
}

describe('readGoldLabels', () => {
  it('keys labels like the database (source + externalId) and skips unlabelled articles', async () => {
    const gold = await readGoldLabels(
      records([{ id: 'a', story: 's1' }, { id: 'b', story: 7, source: 'S' }, { id: 'c' }]),
      'story',
    );
    expect([...gold.stories]).toEqual([
      ['["","a"]', 's1'],
      ['["S","b"]', '7'],
    ]);
    expect(gold.keys).toHaveLength(3);
    expect(gold.copies).toBeUndefined();
  });

  it('groups copies whether the field names the original or a shared label', async () => {
    const gold = await readGoldLabels(
      records([
        { id: 'orig', story: 's' },
        { id: 'copy1', story: 's', copyOf: 'orig' },
        { id: 'copy2', story: 's', copyOf: 'copy1' },
        { id: 'p', story: 't', copyOf: 'g9' },
        { id: 'q', story: 't', copyOf: 'g9' },
        { id: 'solo', story: 't' },
      ]),
      'story',
      'copyOf',
    );
    const key = (id: string) => `["","${id}"]`;
    expect(gold.copies?.pairs(gold.keys)).toEqual([
      [key('orig'), key('copy1')],
      [key('orig'), key('copy2')],
      [key('copy1'), key('copy2')],
      [key('p'), key('q')],
    ]);
  });
});
