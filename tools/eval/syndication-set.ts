import { matchTokens } from '@storyline/text';
import { EvalArticle } from './datasets';
import { seededRandom, shuffled } from './random';
import { TRANSFORMATIONS } from './transformations';

/** An article of the syndication test set: an original, or a republished copy of one. */
export interface SyndicationArticle extends EvalArticle {
  /** Gold syndication group: the id of the original this text derives from (its own id for an original). */
  group: string;
  /** Transformations applied, empty for an original. */
  edits: string[];
}

export interface SyndicationSet {
  articles: SyndicationArticle[];
  /** Originals left out because they share a long verbatim passage with another dataset article. */
  excluded: string[];
}

/**
 * Two dataset articles are republications of one text already in the corpus, so neither can serve as an
 * independent original, when they share a run of {@link VERBATIM_RUN} identical words, or when half of the
 * shorter one's {@link WINDOW}-word windows occur in the other (a one-sentence excerpt of a lead). A gold rule
 * stated on the text (words compared after case/punctuation folding), not on the detector's shingles or thresholds.
 */
const VERBATIM_RUN = 25;
const WINDOW = 8;
/** Originals shorter than this are not republished: a 2-sentence truncation of them would be a headline. */
const MIN_WORDS = 80;

function windows(tokens: string[], size: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + size <= tokens.length; i++) out.add(tokens.slice(i, i + size).join(' '));
  return out;
}

/** Ids of articles that republish, or are republished by, another article of the dataset. */
function naturalCopies(articles: readonly EvalArticle[]): Set<string> {
  const texts = articles.map((a) => matchTokens(`${a.title ?? ''}\n${a.body}`));
  const runs = texts.map((t) => windows(t, VERBATIM_RUN));
  const shorts = texts.map((t) => windows(t, WINDOW));
  const copies = new Set<string>();
  for (let i = 0; i < articles.length; i++) {
    for (let j = i + 1; j < articles.length; j++) {
      const [small, large] = shorts[i].size <= shorts[j].size ? [shorts[i], shorts[j]] : [shorts[j], shorts[i]];
      let shared = 0;
      for (const w of small) if (large.has(w)) shared++;
      const sharesRun = [...runs[i]].some((w) => runs[j].has(w));
      if (sharesRun || (small.size > 0 && shared / small.size >= 0.5)) {
        copies.add(articles[i].id);
        copies.add(articles[j].id);
      }
    }
  }
  return copies;
}

/**
 * Deterministic syndication test set: every independent original, and for a `share` of the long enough ones
 * one or two republished copies, each with one to three transformations (truncate, re-wrap, UK/US re-spell,
 * caption, dateline, footer, sentence dropped or edited). Returned in a shuffled order, so a copy can arrive
 * before its original.
 */
export function buildSyndicationSet(dataset: readonly EvalArticle[], seed = 20240407, share = 0.4): SyndicationSet {
  const random = seededRandom(seed);
  const excludedIds = naturalCopies(dataset);
  const originals = dataset.filter((a) => !excludedIds.has(a.id));
  const names = Object.keys(TRANSFORMATIONS);
  const articles: SyndicationArticle[] = originals.map((a) => ({ ...a, group: a.id, edits: [] }));
  for (const original of originals) {
    const words = `${original.title ?? ''} ${original.body}`.split(/\s+/).length;
    if (words < MIN_WORDS || random() >= share) continue;
    const copies = random() < 0.3 ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const edits = shuffled(names, random).slice(0, 1 + Math.floor(random() * 3));
      let body = original.body;
      for (const name of edits) body = TRANSFORMATIONS[name](body, random);
      // A republisher often rewrites the headline: half the copies keep none of it.
      const title = random() < 0.5 ? original.title : null;
      articles.push({ ...original, id: `${original.id}~copy${c + 1}`, title, body, group: original.id, edits });
    }
  }
  return { articles: shuffled(articles, random), excluded: [...excludedIds].sort() };
}
