import { readFileSync } from 'node:fs';

// Reader for the CoNLL-2003 column format (WORD POS CHUNK NER, IOB2, blank line between sentences,
// -DOCSTART- between documents). Only the words and NER tags are used.

export interface ConllSentence {
  words: string[];
  tags: string[];
}

export type ConllDocument = ConllSentence[];

export function readConll(path: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument = [];
  let sentence: ConllSentence = { words: [], tags: [] };
  const endSentence = () => {
    if (sentence.words.length > 0) doc.push(sentence);
    sentence = { words: [], tags: [] };
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cols = line.trim().split(' ');
    if (cols[0] === '-DOCSTART-') {
      endSentence();
      if (doc.length > 0) docs.push(doc);
      doc = [];
    } else if (cols.length < 4) {
      endSentence();
    } else {
      sentence.words.push(cols[0]);
      sentence.tags.push(cols[cols.length - 1]);
    }
  }
  endSentence();
  if (doc.length > 0) docs.push(doc);
  return docs;
}
