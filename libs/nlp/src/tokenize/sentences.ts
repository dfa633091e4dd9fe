import { Sentence, Token } from './token';
import { tokenize } from './tokenizer';

// Sentence boundaries for news text that is often hard-wrapped (seed 002 breaks lines mid-sentence) and mixes
// headlines, captions and body paragraphs without punctuation:
//   - a blank line always ends a sentence;
//   - ., !, ?, ... end a sentence when the next token starts a new one (capital, digit, quote, bracket) or a
//     newline follows; closing quotes and brackets stay with the sentence they close; abbreviations carry
//     their period inside the token (see tokenizer), so "U.S. President" is not split;
//   - Chinese and Japanese full stops (。！？) end a sentence whatever follows: those scripts have no capitals;
//   - a single newline ends a sentence unless the text obviously runs on: the next line starts in lower case,
//     or the line ends with a comma, a hyphen or a function word ("with the\nUN Human Rights Council").

const TERMINATORS = new Set(['.', '!', '?', '...']);
const FULL_WIDTH_TERMINATORS = new Set(['。', '！', '？']);
const CLOSERS = new Set(['"', "'", ')', ']', '}']);
const RUN_ON_WORDS = new Set(
  (
    'a an the of in on at to for from by with and or but as than that which who whose its their his her our ' +
    'your this these those is are was were be been has have had will would said says told'
  ).split(' '),
);

export function splitSentences(text: string, tokens: Token[] = tokenize(text)): Sentence[] {
  const sentences: Sentence[] = [];
  let current: Token[] = [];
  const flush = () => {
    if (current.length === 0) return;
    sentences.push({
      index: sentences.length,
      start: current[0].start,
      end: current[current.length - 1].end,
      tokens: current,
    });
    current = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const prev = current.length > 0 ? current[current.length - 1] : undefined;
    if (prev && breaksBefore(text, prev, token, current)) flush();
    current.push(token);
  }
  flush();
  return sentences;
}

function breaksBefore(text: string, prev: Token, next: Token, current: Token[]): boolean {
  const newlines = countNewlines(text, prev.end, next.start);
  if (newlines >= 2) return true;
  const last = lastNonCloser(current);
  if (last && FULL_WIDTH_TERMINATORS.has(last.norm)) return !(CLOSERS.has(next.norm) && prev.end === next.start);
  if (last && TERMINATORS.has(last.norm)) {
    if (CLOSERS.has(next.norm) && newlines === 0 && prev.end === next.start) return false;
    return newlines > 0 || startsSentence(next);
  }
  if (newlines === 1) {
    if (/^\p{Ll}/u.test(next.norm)) return false;
    const lower = prev.norm.toLowerCase();
    return !(prev.norm === ',' || prev.norm === '-' || prev.norm === '(' || RUN_ON_WORDS.has(lower));
  }
  return false;
}

function lastNonCloser(current: Token[]): Token | undefined {
  for (let i = current.length - 1; i >= 0; i--) {
    if (!CLOSERS.has(current[i].norm)) return current[i];
  }
  return undefined;
}

function startsSentence(token: Token): boolean {
  return /^[\p{Lu}\p{N}"'([]/u.test(token.norm);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
