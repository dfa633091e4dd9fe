import { articleTimes, clusteringTime, DEFAULT_STORY_OPTIONS } from '@storyline/stories';
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
      const id = file.slice(0, 3);
      return asReceived(
        { id, story: gold[id] ?? id, body: readFileSync(join(dir, file), 'utf8') },
        new Date(receivedAt),
      );
    });
}

/**
 * An article as the dedupe stage sees it when it is received at `receivedAt`: normalized, at the time the
 * pipeline groups it at (a date in its text counts only when it agrees with the arrival; see `clusteringTime`).
 */
export function asReceived(
  article: { id: string; story: string; title?: string | null; body: string },
  receivedAt: Date,
): EvalArticle {
  const normalized = normalizeArticle({
    title: article.title,
    body: article.body,
    receivedAt: receivedAt.toISOString(),
  });
  const published = normalized.metadata.publishedAt;
  const time = clusteringTime(
    articleTimes(published ? { at: new Date(published.value), source: published.source } : null, receivedAt),
    DEFAULT_STORY_OPTIONS.quietAfterMs,
  );
  return {
    id: article.id,
    title: normalized.title?.value ?? null,
    body: normalized.text,
    time: time.at,
    story: article.story,
  };
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
