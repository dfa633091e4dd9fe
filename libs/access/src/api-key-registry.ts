import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ApiKeyScope } from '@storyline/contracts';
import { API_KEY_PREFIX_LENGTH, generateApiKey, hashApiKey } from './api-key-secret';

/** A stored key as an operator sees it: never the key itself. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiKey {
  name: string;
  scopes: readonly ApiKeyScope[];
  expiresAt?: Date;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

const COLUMNS = `id, name, key_prefix AS "keyPrefix", scopes, created_at AS "createdAt", expires_at AS "expiresAt",
                 revoked_at AS "revokedAt"`;

/** Creates, lists and revokes the keys stored in Postgres (`cli keys`). */
export class ApiKeyRegistry {
  constructor(private readonly db: DataSource) {}

  /** Stores a new key and returns it with its record: the only time the key itself is known. */
  async create(input: NewApiKey): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = generateApiKey();
    const [record] = await this.db.query(
      `INSERT INTO api_key (id, name, key_hash, key_prefix, scopes, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [
        randomUUID(),
        input.name,
        hashApiKey(key),
        key.slice(0, API_KEY_PREFIX_LENGTH),
        [...new Set(input.scopes)],
        input.expiresAt ?? null,
      ],
    );
    return { key, record };
  }

  /** Every key, revoked and expired ones included, oldest first. */
  list(): Promise<ApiKeyRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at, id`);
  }

  /** Marks a key revoked; its row stays (see ApiKey). */
  async revoke(id: string): Promise<RevokeOutcome> {
    // now() is the transaction's start: equal to revoked_at only when this statement set it.
    const [rows] = await this.db.query(
      `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at = now() AS revoked`,
      [id],
    );
    const row = (rows as { revoked: boolean }[])[0];
    if (!row) return 'not-found';
    return row.revoked ? 'revoked' : 'already-revoked';
  }
}
