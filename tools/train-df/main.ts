// Builds models/background-df-v1.json.gz: document frequencies of content terms and entity keys over the
// CoNLL-2003 English training documents (Reuters, 1996-97), a corpus we never evaluate story clustering on.
// Usage: node dist/tools/train-df/main.js [conll-train.txt] [output.json.gz]
import { variantKey } from '@storyline/nlp';
import {
  BACKGROUND_MODEL_FILE,
  BackgroundFrequencies,
  contentTerms,
  ENTITY_PREFIX,
  STOPWORDS,
} from '@storyline/stories';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot, sharedDir } from '../eval/paths';

// Terms seen in a single document carry no frequency information a new term would not have: left out to keep
// the file small.
const MIN_DF = 2;

interface Document {
  tokens: string[];
  entities: string[];
}

/** Splits the CoNLL column format into documents: tokens and the words of gold entity mentions. */
function parseConll(text: string): Document[] {
  const docs: Document[] = [];
  let current: Document | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('-DOCSTART-')) {
      current = { tokens: [], entities: [] };
      docs.push(current);
      continue;
    }
    const [word, , , tag] = line.trim().split(' ');
    if (!current || !word || !tag) continue;
    current.tokens.push(word);
    if (tag !== 'O') current.entities.push(word);
  }
  return docs.filter((d) => d.tokens.length > 0);
}

function main(): void {
  const input = process.argv[2] ?? join(sharedDir(), 'datasets', 'conll2003', 'train.txt');
  const output = process.argv[3] ?? join(repoRoot(), 'models', BACKGROUND_MODEL_FILE);

  const docs = parseConll(readFileSync(input, 'utf8'));
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const keys = new Set(contentTerms(doc.tokens.join(' ')));
    for (const word of doc.entities) {
      if (STOPWORDS.has(word.toLowerCase())) continue;
      const key = variantKey(word);
      if (key.length >= 2 && !/^\d+$/.test(key)) keys.add(ENTITY_PREFIX + key);
    }
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const df: Record<string, number> = {};
  for (const key of [...counts.keys()].sort()) {
    const n = counts.get(key) ?? 0;
    if (n >= MIN_DF) df[key] = n;
  }
  const model: BackgroundFrequencies = {
    source: `CoNLL-2003 English train (${docs.length} Reuters documents); content terms and '@'-prefixed entity keys, df >= ${MIN_DF}`,
    docCount: docs.length,
    df,
  };
  const gz = gzipSync(Buffer.from(JSON.stringify(model)), { level: 9 });
  writeFileSync(output, gz);
  console.log(`${output}: ${docs.length} documents, ${Object.keys(df).length} terms, ${gz.length} bytes`);
}

main();
