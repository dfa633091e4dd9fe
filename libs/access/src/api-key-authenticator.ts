import { LRUCache } from 'lru-cache';
import type { DataSource } from 'typeorm';
import { type ApiKeyScope, isApiKeyScope } from '@storyline/contracts';
import { hashApiKey } from './api-key-secret';
import { BootstrapKeys } from './bootstrap-keys';

/** Who is calling: a stored key (its id) or one of API_KEYS (`API_KEYS#1`, …), with what it may do. */
export interface Caller {
  id: string;
  name: string;
  scopes: readonly ApiKeyScope[];
}

export type RefusalReason = 'missing' | 'unknown' | 'expired' | 'revoked';

export type Authentication =
  /** No key exists anywhere (API_KEYS empty, no stored key): the service is open, as on a private network. */
  { outcome: 'open' } | { outcome: 'caller'; caller: Caller } | { outcome: 'refused'; reason: RefusalReason };

interface StoredKey {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** Sent keys remembered at once, known or not: a flood of made-up keys costs a bounded amount of memory. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Tells who sent a key. API_KEYS are checked in memory; stored keys are looked up by their SHA-256 in Postgres
 * and remembered for `cacheMs` (0: not remembered) — revoking a key, or creating the first one, takes effect in
 * every process within that time. An expiry takes effect on time: it is checked on every request.
 *
 * A service is open only while there is no key at all: neither API_KEYS nor any stored row, revoked or expired
 * ones included, so that revoking the last key locks the service instead of opening it.
 */
export class ApiKeyAuthenticator {
  private readonly bootstrap: BootstrapKeys;
  private readonly stored?: LRUCache<string, { key: StoredKey | null }>;
  private anyStored?: { at: number; value: Promise<boolean> };

  constructor(
    bootstrapKeys: readonly string[],
    private readonly db: DataSource,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.bootstrap = new BootstrapKeys(bootstrapKeys);
    if (cacheMs > 0) {
      this.stored = new LRUCache({
        max: MAX_REMEMBERED_KEYS,
        ttl: cacheMs,
        ttlResolution: 0,
        perf: { now: () => this.now() },
        // Requests with the same key while it is looked up wait for that one lookup.
        fetchMethod: async (digest) => ({ key: await this.lookUp(Buffer.from(digest, 'hex')) }),
      });
    }
  }

  async authenticate(sent: string | undefined): Promise<Authentication> {
    if (sent) {
      const index = this.bootstrap.indexOf(sent);
      if (index >= 0)
        return { outcome: 'caller', caller: { id: `API_KEYS#${index + 1}`, name: 'API_KEYS', scopes: ['admin'] } };
      const key = await this.find(hashApiKey(sent));
      if (key?.revokedAt) return { outcome: 'refused', reason: 'revoked' };
      if (key?.expiresAt && key.expiresAt.getTime() <= this.now()) return { outcome: 'refused', reason: 'expired' };
      if (key)
        return { outcome: 'caller', caller: { id: key.id, name: key.name, scopes: key.scopes.filter(isApiKeyScope) } };
    }
    if (!this.bootstrap.any && !(await this.anyKeyStored())) return { outcome: 'open' };
    return { outcome: 'refused', reason: sent ? 'unknown' : 'missing' };
  }

  private async find(digest: Buffer): Promise<StoredKey | null> {
    if (!this.stored) return this.lookUp(digest);
    return (await this.stored.fetch(digest.toString('hex')))!.key;
  }

  private async lookUp(digest: Buffer): Promise<StoredKey | null> {
    const [row] = await this.db.query(
      `SELECT id, name, scopes, expires_at AS "expiresAt", revoked_at AS "revokedAt" FROM api_key WHERE key_hash = $1`,
      [digest],
    );
    return row ?? null;
  }

  private anyKeyStored(): Promise<boolean> {
    const now = this.now();
    if (!this.anyStored || now - this.anyStored.at >= this.cacheMs) {
      const value = this.db
        .query(`SELECT EXISTS (SELECT 1 FROM api_key) AS "any"`)
        .then((rows: { any: boolean }[]) => rows[0].any);
      // A failed lookup is not remembered: the next request asks again.
      value.catch(() => {
        if (this.anyStored?.value === value) this.anyStored = undefined;
      });
      this.anyStored = { at: now, value };
    }
    return this.anyStored.value;
  }
}
