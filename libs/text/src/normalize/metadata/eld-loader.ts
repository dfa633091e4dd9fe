import { nativeRequire } from '../native-require';

// eld's 'small' n-gram database and the tables its detector reads, loaded from the package's own files (~1.6 MB of
// source, ~0.3 s, ~50 MB heap, once). 'small' is as accurate as 'large' on article-length text and loads 3x faster.
// eld-scorer.ts runs eld's algorithm over these tables; the file names are those of eld 2.1.0 (src/). package.json
// pins that exact version because these are internals: an upgrade is a deliberate change, and one that moves the
// files fails here, loudly, on first use (eld-scorer.spec compares the scorer with eld itself).

export interface EldTables {
  /** n-gram (eld's byte-string form) → language index → weight. */
  ngrams: Record<string, Record<string, number>>;
  /** Language index → ISO 639-1 code. */
  languages: Record<string, string>;
  /** Runs of non-letters, which eld turns into word breaks. */
  separators: RegExp;
  /** Byte → character: how eld spells UTF-8 bytes as a JS string. */
  dictionary: string[];
  /** Average score of a correct detection per language, the basis of eld's reliability test. */
  avgScore: Record<string, number>;
}

export function loadEldTables(): EldTables {
  const { ngramsData } = nativeRequire<{ ngramsData?: Pick<EldTables, 'ngrams' | 'languages'> }>(
    'eld',
    'src/ngrams/small.js',
  );
  const { separators } = nativeRequire<{ separators?: RegExp }>('eld', 'src/regexPatterns.js');
  const { dictionary } = nativeRequire<{ dictionary?: string[] }>('eld', 'src/dictionary.js');
  const { avgScore } = nativeRequire<{ avgScore?: Record<string, number> }>('eld', 'src/avgScore.js');
  if (!ngramsData?.ngrams || !ngramsData.languages || !separators || !dictionary || !avgScore) {
    throw new Error('normalize: eld does not have the tables this version expects (src/ngrams/small.js and friends)');
  }
  return { ngrams: ngramsData.ngrams, languages: ngramsData.languages, separators, dictionary, avgScore };
}
