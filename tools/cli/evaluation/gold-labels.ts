import { externalKey } from '@storyline/pipeline';
import { ArticleRecord, RecordError } from '../input/article-records';
import { Groups } from './groups';

/** What the input file says about its articles, keyed as the database keys them (source + externalId). */
export interface GoldLabels {
  /** Article key → story label. */
  stories: Map<string, string>;
  /** Versions of one text, when a syndication field was named. */
  copies?: Groups;
  /** Every article key of the input, labelled or not. */
  keys: string[];
}

export function articleKey(record: ArticleRecord): string {
  return externalKey(record.article.source as string | null, record.article.externalId as string) as string;
}

/**
 * Reads the label field of every input article. The syndication field of a copy holds the id (externalId or
 * `id`) of the article it copies — or any label shared by every version of one text; both define the same
 * groups, since an id that names no article simply acts as the shared label.
 */
export async function readGoldLabels(
  records: AsyncIterable<ArticleRecord | RecordError>,
  labelField: string,
  syndicationField?: string,
): Promise<GoldLabels> {
  const stories = new Map<string, string>();
  const keys: string[] = [];
  const linked: { key: string; target: string }[] = [];
  const keyOfId = new Map<string, string>();
  for await (const record of records) {
    if ('error' in record) continue;
    const key = articleKey(record);
    keys.push(key);
    keyOfId.set(record.article.externalId as string, key);
    const label = record.fields[labelField];
    if (label !== undefined && label !== null && label !== '') stories.set(key, String(label));
    if (syndicationField) {
      const target = record.fields[syndicationField];
      if (target !== undefined && target !== null && target !== '') {
        linked.push({ key, target: String(target) });
      }
    }
  }
  if (!syndicationField) return { stories, keys };
  const copies = new Groups();
  for (const key of keys) copies.add(key);
  for (const { key, target } of linked) copies.link(key, keyOfId.get(target) ?? `label:${target}`);
  return { stories, copies, keys };
}
