import { createHash, randomBytes } from 'node:crypto';

/** Marks a Storyline key, so that secret scanners (and people) can tell what a leaked string is. */
export const API_KEY_PREFIX = 'sl_';

/** Characters of a key kept in the database to tell keys apart: the prefix and 7 of its 43 random characters. */
export const API_KEY_PREFIX_LENGTH = API_KEY_PREFIX.length + 7;

/**
 * A new key: 32 random bytes (256 bits), base64url. No one guesses such a key, so a plain SHA-256 of it is all the
 * storage needs — a slow password hash protects low-entropy secrets, and would cost every request milliseconds.
 */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** What the database stores of a key, and what a sent key is looked up by. */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
