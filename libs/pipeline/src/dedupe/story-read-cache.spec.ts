import { LRUCache } from 'lru-cache';
import { StoryProfile } from '@storyline/stories';
import { DecisionReads, MemberVectors } from './story-read-cache';

const profile = (id: string): StoryProfile =>
  ({ id, terms: [['tide', 1]], entities: [], entityCounts: [], titleTerms: [] }) as unknown as StoryProfile;
const vectors: MemberVectors = { terms: [['tide', 1]], entities: [], titleTerms: [] };

describe('DecisionReads', () => {
  it('keeps what it found in the cache for the rest of the decision, though other decisions evict it meanwhile', () => {
    // Room for one entry: every set evicts the one before.
    const profiles = new LRUCache<string, { version: string; profile: StoryProfile }>({ max: 1 });
    const vectorCache = new LRUCache<string, MemberVectors>({ max: 1 });
    profiles.set('storm', { version: '3', profile: profile('storm') });
    vectorCache.set('report', vectors);
    const reads = new DecisionReads(profiles, vectorCache);

    // A read skips sending the profile at the version known, and the vectors known.
    expect(reads.knownVersion('storm')).toBe('3');
    expect(reads.memberVectors('report')).toBe(vectors);
    // Another decision of the process commits meanwhile.
    profiles.set('theft', { version: '1', profile: profile('theft') });
    vectorCache.set('other', vectors);

    expect(reads.profile('storm', '3')?.id).toBe('storm');
    expect(reads.memberVectors('report')).toBe(vectors);
  });
});
