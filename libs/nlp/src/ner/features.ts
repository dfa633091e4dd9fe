import { Gazetteer, GazetteerCategory } from '../gazetteer';
import { DocumentContext, startsUpper } from './document-context';
import { Lexicon } from './lexicon';
import { TaggerSentence } from './tagger-sentence';

// Feature templates of the tagger. Each token gets ~40 string features; the model maps strings it knows to
// weight rows and ignores the rest. Families:
//   identity   word, lower-cased word, shape, prefixes/suffixes 1-4 (unknown names share affixes: -enko, -sk)
//   context    lower-cased words at ±1, ±2; the bigrams with ±1; shapes at ±1 and shape bigrams/trigram
//   position   shape combined with the position class: H headline (casing uninformative), I sentence-initial
//              (capital letter uninformative), M mid-sentence; place in a run of capitalised words
//   document   how this document writes the word elsewhere mid-sentence (C/L/M, see DocumentContext) and how
//              the training corpus writes it (Lexicon), each combined with the position class
//   gazetteer  category of a gazetteer match covering the token (with B/I), and of the neighbours
//   history    the type the tagger gave the same word earlier in the document (added while decoding)
//   layout     for capitalised tokens: the neighbours' shapes on a results/standings line (sports club names
//              there are ORG), inside parentheses or quotes, and the 3-letter suffixes of the neighbour words
// Previous tags enter through the transition weights of the Viterbi decoder (see viterbi.ts).

export function shape(word: string): string {
  let out = '';
  let last = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    const code = word.charCodeAt(i);
    let cls: string;
    if (code >= 65 && code <= 90) cls = 'X';
    else if (code >= 97 && code <= 122) cls = 'x';
    else if (code >= 48 && code <= 57) cls = 'd';
    else if (ch !== ch.toLowerCase()) cls = 'X';
    else if (ch !== ch.toUpperCase()) cls = 'x';
    else cls = ch;
    if (cls !== last) out += cls;
    last = cls;
  }
  return out;
}

function positionClass(s: TaggerSentence, i: number): string {
  return s.headline ? 'H' : s.initial[i] ? 'I' : 'M';
}

/** Gazetteer categories per token, as "LOC:B"-style labels; only capitalised tokens (or headlines) match. */
function gazetteerLabels(s: TaggerSentence, gazetteer: Gazetteer): string[][] {
  const labels: string[][] = s.words.map(() => []);
  for (const m of gazetteer.match(s.lower)) {
    if (!s.headline && !startsUpper(s.words[m.start])) continue;
    for (let k = m.start; k < m.end; k++) labels[k].push(m.category + (k === m.start ? ':B' : ':I'));
  }
  return labels;
}

function categories(labels: string[]): GazetteerCategory[] {
  return labels.map((l) => l.slice(0, l.indexOf(':')) as GazetteerCategory);
}

/**
 * A token's features, grouped by what they depend on so that the run-time scorer can memoise the sums of
 * the groups that repeat across tokens and documents (the word itself, a neighbour word, the shape window,
 * the casing evidence). `flattenFeatures` gives the plain feature strings; both views hold the same features.
 */
export interface TokenFeatureGroups {
  /** The word: identity, lower case, shape, affixes (see wordFeatures). */
  word: string;
  /** Lower-cased words at -2, -1, +1, +2 (see NEIGHBOR_PREFIXES); with `lower`, also the word bigrams. */
  neighbors: string[];
  /** The lower-cased word. */
  lower: string;
  /** Position class and shapes of the previous, this and the next token (see shapeFeatures). */
  shapes: string;
  /** Document and corpus casing classes with the position class, and the capitalised-run position. */
  casing: string;
  /** Everything else: gazetteer and history features. */
  rest: string[];
}

export const NEIGHBOR_PREFIXES = ['l-2=', 'l-1=', 'l+1=', 'l+2='];

export function wordFeatures(w: string): string[] {
  const l = w.toLowerCase();
  const sh = shape(w);
  const f = ['b', 'w=' + w, 'l=' + l, 's=' + sh];
  const len = l.length;
  for (let k = 1; k <= 4 && k < len; k++) f.push('p' + k + '=' + l.slice(0, k), 'x' + k + '=' + l.slice(len - k));
  return f;
}

export function shapeFeatures(key: string): string[] {
  const [pos, sp, sh, sn] = key.split(' ');
  return [
    'ps=' + pos + sh,
    's-1=' + sp,
    's+1=' + sn,
    'sl=' + sp + '|' + sh,
    'sr=' + sh + '|' + sn,
    'st=' + sp + '|' + sh + '|' + sn,
  ];
}

export function casingFeatures(key: string): string[] {
  const bar = key.indexOf('|');
  const classes = key.slice(0, bar);
  const run = key.slice(bar + 1);
  const f: string[] = [];
  if (classes.length === 3) {
    const [dc, lx, pos] = classes;
    f.push('dc=' + dc + pos, 'lx=' + lx + pos, 'dl=' + dc + lx + pos);
  }
  if (run) f.push('cr=' + run);
  return f;
}

export const BIGRAM_PREFIXES = ['bl=', 'br='];

/** Word bigrams with the previous and with the next word. */
export function bigramFeatures(g: TokenFeatureGroups): string[] {
  return [BIGRAM_PREFIXES[0] + g.neighbors[1] + '|' + g.lower, BIGRAM_PREFIXES[1] + g.lower + '|' + g.neighbors[2]];
}

export function flattenFeatures(g: TokenFeatureGroups): string[] {
  return [
    ...wordFeatures(g.word),
    ...g.neighbors.map((n, k) => NEIGHBOR_PREFIXES[k] + n),
    ...shapeFeatures(g.shapes),
    ...casingFeatures(g.casing),
    ...bigramFeatures(g),
    ...g.rest,
  ];
}

/**
 * The feature families a model may be trained without. Which ones a model uses is chosen on CoNLL dev
 * (`train:ner --select`) and recorded in the model file, so run time computes the same features.
 */
export interface FeatureFamilies {
  /** Gazetteer categories of the token and its neighbours. */
  gazetteer: boolean;
  /** Results/standings lines, parentheses and quotes, neighbour suffixes. */
  layout: boolean;
  /** The type given to the same word earlier in the document. */
  history: boolean;
}

export const ALL_FAMILIES: FeatureFamilies = { gazetteer: true, layout: true, history: true };

export function sentenceFeatures(
  s: TaggerSentence,
  doc: DocumentContext,
  lexicon: Lexicon,
  gazetteer: Gazetteer,
  families: FeatureFamilies = ALL_FAMILIES,
): TokenFeatureGroups[] {
  const n = s.words.length;
  const shapes = s.words.map(shape);
  const gaz = families.gazetteer ? gazetteerLabels(s, gazetteer) : s.words.map((): string[] => []);
  const lowerAt = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : s.lower[i]);
  const shapeAt = (i: number) => (i < 0 ? '<s>' : i >= n ? '</s>' : shapes[i]);
  const table = isTableLine(s);
  const bracket = bracketed(s);
  const out: TokenFeatureGroups[] = [];
  for (let i = 0; i < n; i++) {
    const w = s.words[i];
    const l = s.lower[i];
    const pos = positionClass(s, i);
    const l1 = lowerAt(i - 1);
    const r1 = lowerAt(i + 1);
    const rest: string[] = [];
    for (const g of gaz[i]) rest.push('g=' + g);
    if (i > 0) for (const g of categories(gaz[i - 1])) rest.push('g-1=' + g);
    if (i + 1 < n) for (const g of categories(gaz[i + 1])) rest.push('g+1=' + g);
    const capitalised = s.headline || startsUpper(w);
    if (capitalised && families.layout) {
      if (table) rest.push('tb=' + shapeAt(i - 1) + '|' + shapeAt(i + 1));
      if (bracket[i]) rest.push('br' + bracket[i]);
      rest.push('x-1=' + suffix3(l1), 'x+1=' + suffix3(r1));
    }
    const classes = capitalised ? (doc.caseClass(l) ?? '0') + (lexicon.get(l) ?? '0') + pos : '';
    out.push({
      word: w,
      neighbors: [lowerAt(i - 2), l1, r1, lowerAt(i + 2)],
      lower: l,
      shapes: pos + ' ' + shapeAt(i - 1) + ' ' + shapes[i] + ' ' + shapeAt(i + 1),
      casing: classes + '|' + (capitalisedRun(s, i) ?? ''),
      rest,
    });
  }
  return out;
}

// Position of a token in a run of capitalised words (mid-sentence only): run length capped at 4, and whether
// the token begins, continues or ends it. Run edges are where entity spans usually start and end.
function capitalisedRun(s: TaggerSentence, i: number): string | undefined {
  if (s.headline || !startsUpper(s.words[i])) return undefined;
  let a = i;
  while (a > 0 && startsUpper(s.words[a - 1]) && !s.initial[a - 1]) a--;
  let b = i + 1;
  while (b < s.words.length && startsUpper(s.words[b])) b++;
  const len = Math.min(b - a, 4);
  return len + (i === a ? 'B' : i === b - 1 ? 'E' : 'I');
}

/** The document-history feature of token i, or undefined; computed while decoding, sentence by sentence. */
export function historyFeature(s: TaggerSentence, i: number, doc: DocumentContext): string | undefined {
  if (!s.headline && !startsUpper(s.words[i])) return undefined;
  const previous = doc.previousTag(s.lower[i]);
  return previous === undefined ? undefined : 'h=' + previous;
}

function suffix3(l: string): string {
  return l.length > 3 ? l.slice(l.length - 3) : l;
}

// Results and standings lines of sports reports ("Ajax 3 Feyenoord 1", "Essex 532-8"): names there are mostly
// clubs and teams (ORG), not places, whatever the gazetteer says.
function isTableLine(s: TaggerSentence): boolean {
  let digits = 0;
  for (const w of s.words) {
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits >= 2 && digits * 4 >= s.words.length;
}

// Tokens inside parentheses ('(') or quotes ('"'), by the opening mark; '' elsewhere.
function bracketed(s: TaggerSentence): string[] {
  const out: string[] = s.words.map(() => '');
  let open = '';
  for (let i = 0; i < s.words.length; i++) {
    const w = s.words[i];
    if (w === '(') open = '(';
    else if (w === ')') open = '';
    else if (w === '"' || w === '``' || w === "''") open = open === '"' ? '' : '"';
    else out[i] = open;
  }
  return out;
}
