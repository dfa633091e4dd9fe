import { timingSafeEqual } from 'node:crypto';
import { hashApiKey } from './api-key-secret';

/**
 * The keys in API_KEYS: admin keys that need no database, for setting a stack up (and creating its stored keys)
 * and for operators. Compared as SHA-256 digests with timingSafeEqual: equal lengths whatever was sent, and no
 * timing hint of how much of a key matched.
 */
export class BootstrapKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(hashApiKey);
  }

  get any(): boolean {
    return this.digests.length > 0;
  }

  /** The position of the sent key in API_KEYS, or -1. */
  indexOf(sent: string): number {
    const candidate = hashApiKey(sent);
    // Every key is compared, so the time taken does not say which one (if any) matched.
    return this.digests
      .map((key) => timingSafeEqual(key, candidate))
      .reduce((found, equal, i) => (equal ? i : found), -1);
  }
}
