import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * The API keys a service accepts. Keys are compared as SHA-256 digests with timingSafeEqual: equal lengths
 * whatever was sent, and no timing hint of how much of a key matched.
 */
export class ApiKeys {
  private readonly keys: Buffer[];

  constructor(keys: readonly string[]) {
    this.keys = keys.map(digest);
  }

  /** Without keys a service is open (it is then meant for a private network). */
  get required(): boolean {
    return this.keys.length > 0;
  }

  accepts(sent: string): boolean {
    const candidate = digest(sent);
    // Every key is compared, so the time taken does not say which one (if any) matched.
    return this.keys.map((key) => timingSafeEqual(key, candidate)).reduce((a, b) => a || b, false);
  }
}
