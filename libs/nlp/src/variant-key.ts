// Spelling/transliteration folding key for proper nouns. Two spellings of one name ("Kyiv"/"Kiev",
// "Luhansk"/"Lugansk", "Zelensky"/"Zelenskyy") get the same key; different names keep different keys.
//
// The rules are general orthographic/phonetic equivalences of Latin transliterations of Cyrillic (and of
// other scripts' romanisations), never a table of known pairs:
//   - diacritics and special letters fold to ASCII (Orbán, Çavuşoğlu, Lwów, Łódź);
//   - letter variants of one sound: x→ks, w→v, ph→f, q→k, ck→k, tz→ts, tch→ch, gh→g;
//   - kh (Cyrillic х) is kept apart from h, because Ukrainian writes г as h where Russian writes g:
//     a non-digraph h after a vowel/sonorant or before a consonant at word start becomes g (Luhansk→Lugansk);
//   - y, j and i are one vowel class (Kyrylenko/Kirilenko, Mykhaylo/Mykhailo), runs of a letter collapse
//     (Donbass/Donbas, Zelenskyy);
//   - a word-final -iv/-ev/-ov/-iev after a consonant is one ending (Kharkiv/Kharkov, Kyiv/Kiev, Lviv/Lvov);
//   - a word-final masculine ending made of i/y/j/o (plus e inside it) — Russian -iy/-y/-ei/-ey versus
//     Ukrainian -o/-yi/-iy — is one ending (Dmitry/Dmytro, Sergei/Serhiy, Zelenskiy/Zelensky).
// What it deliberately does not fold, because it would merge different entities: a final -a or -e (Russia vs
// Russian stays apart anyway; Maria vs Mario, Zelenska vs Zelensky), a final -an/-ian (Ukraine vs Ukrainian),
// a word-initial h before a vowel (Hill vs Gill), c vs k (Congo vs Kong).
//
// It is called per token by story clustering, so it is a handful of regex passes plus a bounded memo.

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const CACHE_LIMIT = 50_000;
const cache = new Map<string, string>();

/** Folding key of a name (one word or several); words are keyed separately and joined with one space. */
export function variantKey(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const key = computeKey(name);
  // A full memo is simply dropped: rebuilding it is cheaper than any eviction bookkeeping per call.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, key);
  return key;
}

function computeKey(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL_LETTERS[c])
    // A possessive is not part of the name; apostrophes inside a name (O'Brien, Podol'yak) are dropped.
    .replace(/['’]s\b/g, '')
    .replace(/['’`ʼ]/g, '');
  // Letters of other scripts stay letters (lower-cased, Latin/Greek/Cyrillic accents dropped above): a Cyrillic or
  // Greek name keeps a key of its own instead of folding to nothing, which made every such name one entity. Other
  // combining marks are part of their word — Devanagari vowel signs (राम, रीमा), the kana voicing mark (ガス) —
  // not breaks in it.
  const words = ascii.split(/[^\p{L}\p{M}\p{N}]+/u).filter((w) => w.length > 0);
  return words.map(foldWord).join(' ');
}

function foldWord(word: string): string {
  if (!/[a-z]/.test(word)) return word;
  let w = word
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/q/g, 'k')
    .replace(/ck/g, 'k')
    .replace(/tz/g, 'ts')
    .replace(/tch/g, 'ch')
    .replace(/gh/g, 'g')
    // x now stands for the velar fricative (kh) only, so it cannot be confused with the Ukrainian h below.
    .replace(/kh/g, 'x');
  w = foldUkrainianH(w);
  w = w
    .replace(/[yj]/g, 'i')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/([^aeiou])[ieo]+v$/, '$1ov');
  const ending = /([^aeiou])(e*[io]+)$/.exec(w);
  // The stem must keep at least three letters so that short names (Leo vs Li) are not folded together.
  if (ending && w.length - ending[2].length >= 3) w = w.slice(0, w.length - ending[2].length) + 'i';
  return w;
}

// h is a digraph's second letter after c, s, z, t, p, d, b (ch, sh, zh, th, ...): keep it. A word-final h
// after a vowel is silent (Sarah/Sara). Otherwise an h after a vowel or sonorant, or a word-initial h before
// a consonant (Hlib, Hryhoriy), is Ukrainian г and becomes g; a word-initial h before a vowel is left alone.
function foldUkrainianH(w: string): string {
  if (w.indexOf('h') < 0) return w;
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i];
    if (c !== 'h') {
      out += c;
      continue;
    }
    const prev = i > 0 ? w[i - 1] : '';
    const next = i + 1 < w.length ? w[i + 1] : '';
    if (prev === '') {
      out += next !== '' && !isVowel(next) ? 'g' : 'h';
    } else if ('csztpdb'.includes(prev)) {
      out += 'h';
    } else if (next === '' && isVowel(prev)) {
      continue;
    } else if (isVowel(prev) || 'lrnmv'.includes(prev)) {
      out += 'g';
    } else {
      out += 'h';
    }
  }
  return out;
}

function isVowel(c: string): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y' || c === 'j';
}
