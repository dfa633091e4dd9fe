import { normalizeArticle } from '@storyline/text';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseCsv } from './csv';
import { sharedDir } from './paths';

/** One labelled article as the evaluation feeds it to the pipeline. */
export interface EvalArticle {
  id: string;
  title: string | null;
  body: string;
  /** Publication time when the data has one, otherwise a synthetic receive time. */
  time: Date;
  /** Gold story label. */
  story: string;
}

/**
 * The five seed articles, through the project's normalizer as the pipeline would see them. Gold labels are
 * the expected result stated for the seeds (two stories), kept here and nowhere in the algorithms.
 */
export function loadSeeds(receivedAt = '2022-04-08T12:00:00.000Z'): EvalArticle[] {
  const dir = join(sharedDir(), 'seeds');
  const gold: Record<string, string> = {
    '000': 'ukraine-east',
    '001': 'ukraine-east',
    '002': 'ukraine-east',
    '003': 'ukraine-east',
    '004': 'negotiations',
  };
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const normalized = normalizeArticle({ body: readFileSync(join(dir, file), 'utf8'), receivedAt });
      const id = file.slice(0, 3);
      return {
        id,
        title: normalized.title?.value ?? null,
        body: normalized.text,
        time: new Date(normalized.metadata.publishedAt?.value ?? receivedAt),
        story: gold[id] ?? id,
      };
    });
}

interface EcbRecord {
  id: string;
  storyId: string;
  topic: number;
  title: string;
  body: string;
}

/** ECB+ dev: 462 articles, 40 stories in 20+ topics; no dates, so the caller assigns receive times. */
export function loadEcbPlus(): Array<EvalArticle & { topic: number }> {
  const path = join(sharedDir(), 'datasets', 'ecbplus-dev', 'articles.jsonl.gz');
  const start = Date.parse('2030-01-01T00:00:00Z');
  return gunzipSync(readFileSync(path))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const r = JSON.parse(line) as EcbRecord;
      return {
        id: r.id,
        title: r.title,
        body: r.body,
        time: new Date(start + i * 60_000),
        story: r.storyId,
        topic: r.topic,
      };
    });
}

/** UCI News Aggregator (partial): headlines only, with their timestamps, in file order. */
export function loadUciHeadlines(): EvalArticle[] {
  const path = join(sharedDir(), 'datasets', 'uci-news-aggregator', 'uci-news-aggregator.csv.gz');
  const [header, ...rows] = parseCsv(gunzipSync(readFileSync(path)).toString('utf8'));
  const col = (name: string): number => header.indexOf(name);
  const [id, title, story, timestamp] = [col('ID'), col('TITLE'), col('STORY'), col('TIMESTAMP')];
  return rows
    .filter((r) => r.length === header.length)
    .map((r) => ({
      id: `uci-${r[id]}`,
      title: r[title],
      body: '',
      time: new Date(Number(r[timestamp])),
      story: r[story],
    }));
}
