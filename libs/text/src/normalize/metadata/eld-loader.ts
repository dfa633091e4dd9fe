import { nativeRequire } from '../native-require';

// eld's static 'small' entry: the n-gram database is preloaded on import (~1.6 MB of source, ~0.4 s, ~50 MB heap),
// so detection is synchronous. 'small' is as accurate as 'large' on article-length text and loads 3x faster.

export interface EldResult {
  language: string;
  getScores(): Record<string, number>;
  isReliable(): boolean;
}

export interface EldDetector {
  detect(text: string): EldResult;
}

export function loadEld(): EldDetector {
  const { eld } = nativeRequire<{ eld?: EldDetector }>('eld', 'src/entries/static.small.js');
  if (!eld || typeof eld.detect !== 'function') throw new Error('normalize: eld did not export a detector');
  return eld;
}
