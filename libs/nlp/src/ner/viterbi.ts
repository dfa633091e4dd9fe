import { TAGS, transitionAllowed } from './tags';

// First-order Viterbi over BIO tags. Emission scores come from the token features, transition scores from a
// (T+1)×T matrix whose last row is the sentence start; transitions that break BIO (O → I-X) are impossible.

const T = TAGS.length;
const START = T;
const ALLOWED: boolean[] = [];
for (let prev = 0; prev <= T; prev++) {
  for (let next = 0; next < T; next++)
    ALLOWED.push(transitionAllowed(prev === START ? undefined : TAGS[prev], TAGS[next]));
}

/** Best tag index sequence for `n` tokens; `emissions` is n×T, `transitions` is (T+1)×T. */
export function viterbi(n: number, emissions: Float64Array, transitions: Float64Array): number[] {
  if (n === 0) return [];
  const score = new Float64Array(n * T);
  const back = new Int8Array(n * T);
  for (let t = 0; t < T; t++) {
    score[t] = ALLOWED[START * T + t] ? emissions[t] + transitions[START * T + t] : -Infinity;
  }
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      for (let p = 0; p < T; p++) {
        if (!ALLOWED[p * T + t]) continue;
        const s = score[(i - 1) * T + p] + transitions[p * T + t];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      score[i * T + t] = best + emissions[i * T + t];
      back[i * T + t] = arg;
    }
  }
  let last = 0;
  for (let t = 1; t < T; t++) if (score[(n - 1) * T + t] > score[(n - 1) * T + last]) last = t;
  const path = new Array<number>(n);
  path[n - 1] = last;
  for (let i = n - 1; i > 0; i--) path[i - 1] = back[i * T + path[i]];
  return path;
}
