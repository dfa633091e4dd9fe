import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ArticleInput } from '@storyline/contracts';
import { readLines, readText } from './lines';

/** The fields the ingest API takes; anything else on an input line (labels, topics) is kept for eval only. */
const API_FIELDS = Object.keys(ArticleInput.shape);

export type InputKind = 'jsonl' | 'json' | 'text';

export interface InputFile {
  path: string;
  kind: InputKind;
}

/** One article read from the input, ready to post. */
export interface ArticleRecord {
  /** Only the API's fields, with `externalId` always set so that a re-run is recognised as known. */
  article: Record<string, unknown>;
  /** The input object as given, including fields the API does not take (e.g. gold labels). */
  fields: Record<string, unknown>;
  /** `file:line` or `file`, for messages. */
  origin: string;
}

/** An input item that cannot be posted at all (not JSON, not an object); counted as rejected. */
export interface RecordError {
  origin: string;
  error: string;
}

export interface RecordOptions {
  /** Source for articles that do not name one (text files: defaults to their folder's name). */
  source?: string;
}

/** What kind of input a file name says it is, or undefined for files the CLI does not read. */
export function inputKind(path: string): InputKind | undefined {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.txt')) return 'text';
  return undefined;
}

/**
 * Turns the command-line paths into input files: a directory stands for the `.txt` files in it, sorted. A file
 * named twice (`ingest f.jsonl f.jsonl`, a folder and a file in it) is read once.
 */
export async function expandInputs(paths: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const add = (file: InputFile) => {
    const key = file.path === '-' ? '-' : resolve(file.path);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new Error(`${path}: no such file or directory`);
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => extname(n).toLowerCase() === '.txt').sort();
      if (names.length === 0) throw new Error(`${path}: no .txt files in this directory`);
      for (const n of names) add({ path: join(path, n), kind: 'text' });
      continue;
    }
    const kind = inputKind(path);
    if (!kind) throw new Error(`${path}: expected .jsonl, .json or .txt (optionally .gz)`);
    add({ path, kind });
  }
  return files;
}

/** What a first pass over the input found: how many articles, and the first two that would share a key. */
export interface InputSurvey {
  total: number;
  /** Two articles without ids of their own that would get the same (source, externalId): one would be lost. */
  conflict?: { key: string; first: string; second: string };
}

/**
 * Counts the articles (for a progress bar's total) and checks the keys the CLI makes up for articles without an
 * id: file name and line, or a text file's name in its folder's source. Two inputs with one name
 * (`2020/articles.jsonl`, `2021/articles.jsonl`) would give different articles one key, and the second would
 * come back as "already known" and never be stored; the run is refused instead.
 */
export async function surveyRecords(files: readonly InputFile[], options: RecordOptions = {}): Promise<InputSurvey> {
  let total = 0;
  const derived = new Map<string, string>();
  const check = (source: unknown, externalId: string, origin: string): InputSurvey['conflict'] => {
    const key = `${typeof source === 'string' ? source : ''}/${externalId}`;
    const first = derived.get(key);
    if (first)
      return {
        key: `source ${JSON.stringify(source ?? null)}, externalId ${JSON.stringify(externalId)}`,
        first,
        second: origin,
      };
    derived.set(key, origin);
  };
  for (const file of files) {
    if (file.kind === 'text') {
      total += 1;
      const { source, externalId } = textKey(file.path, options);
      const conflict = check(source, externalId, file.path);
      if (conflict) return { total, conflict };
      continue;
    }
    for await (const item of rawItems(file)) {
      total += 1;
      if ('error' in item || typeof item.value !== 'object' || item.value === null) continue;
      const fields = item.value as Record<string, unknown>;
      if (externalIdOf(fields) !== undefined) continue;
      const conflict = check(fields.source ?? options.source, derivedId(file.path, item.position), item.origin);
      if (conflict) return { total, conflict };
    }
  }
  return { total };
}

/** Every article of the inputs, in order, as records to post (or errors for unusable items). */
export async function* readArticleRecords(
  files: readonly InputFile[],
  options: RecordOptions = {},
): AsyncGenerator<ArticleRecord | RecordError> {
  for (const file of files) {
    if (file.kind === 'text') {
      yield await textRecord(file.path, options);
      continue;
    }
    for await (const item of rawItems(file)) {
      if ('error' in item) {
        yield item;
        continue;
      }
      if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
        yield { origin: item.origin, error: 'not a JSON object' };
        continue;
      }
      yield jsonRecord(item.value as Record<string, unknown>, item, file.path, options);
    }
  }
}

/** A text file is the body of one article; its name is its externalId, so posting it again is a no-op. */
async function textRecord(path: string, options: RecordOptions): Promise<ArticleRecord | RecordError> {
  const { source, externalId } = textKey(path, options);
  const body = await readText(path);
  if ('error' in body) return { origin: path, error: body.error };
  return { article: { source, externalId, body: body.text }, fields: { source, externalId }, origin: path };
}

function textKey(path: string, options: RecordOptions): { source: string; externalId: string } {
  return { source: options.source ?? basename(dirname(resolve(path))), externalId: basename(path) };
}

function jsonRecord(
  fields: Record<string, unknown>,
  { origin, position }: { origin: string; position: number },
  path: string,
  options: RecordOptions,
): ArticleRecord {
  const article: Record<string, unknown> = {};
  for (const key of API_FIELDS) if (fields[key] !== undefined) article[key] = fields[key];
  // Without an id of its own, a line is known by its place in the file: stable as long as the file is.
  article.externalId = externalIdOf(fields) ?? derivedId(path, position);
  if (article.source === undefined || article.source === null) {
    if (options.source !== undefined) article.source = options.source;
  }
  return { article, fields, origin };
}

function derivedId(path: string, position: number): string {
  return `${basename(path)}#${position}`;
}

/** The line's own identity: `externalId`, else `id` (datasets often use that), as a string. */
export function externalIdOf(fields: Record<string, unknown>): string | undefined {
  for (const key of ['externalId', 'id']) {
    const v = fields[key];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

type RawItem = { value: unknown; origin: string; position: number } | RecordError;

/** The JSON values of a file: one per line for JSON Lines; for `.json`, an array, `{ articles }` or one object. */
async function* rawItems(file: InputFile): AsyncGenerator<RawItem> {
  if (file.kind === 'json') {
    const text = await readText(file.path);
    if ('error' in text) {
      yield { origin: file.path, error: text.error };
      return;
    }
    const document = parseDocument(text.text);
    if (document !== undefined) {
      const items = Array.isArray(document)
        ? document
        : Array.isArray((document as { articles?: unknown }).articles)
          ? (document as { articles: unknown[] }).articles
          : [document];
      for (let i = 0; i < items.length; i++)
        yield { value: items[i], origin: `${file.path}:${i + 1}`, position: i + 1 };
      return;
    }
    // Not one JSON document: many tools write JSON Lines under a .json name.
  }
  let lineNo = 0;
  for await (const line of readLines(file.path)) {
    lineNo++;
    const origin = `${file.path}:${lineNo}`;
    if ('error' in line) {
      yield { origin, error: line.error };
      continue;
    }
    if (line.text.trim() === '') continue;
    try {
      yield { value: JSON.parse(line.text), origin, position: lineNo };
    } catch (error) {
      yield { origin, error: `invalid JSON: ${(error as Error).message}` };
    }
  }
}

function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
