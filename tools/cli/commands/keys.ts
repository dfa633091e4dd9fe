import { ApiKeyRecord, ApiKeyRegistry } from '@storyline/access';
import { loadConfigOrExit } from '@storyline/config';
import { API_KEY_SCOPES, ApiKeyScope, isApiKeyScope } from '@storyline/contracts';
import { parseDuration } from '@storyline/webhooks';
import { ParsedArgs, UsageError } from '../args';
import { Command } from '../command';
import { openDatabase } from '../stack/database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Options that only `keys create` takes. */
const CREATE_ONLY = ['name', 'scope', 'expires'];

export const keysCommand: Command = {
  name: 'keys',
  summary: 'Create, list and revoke the API keys of ingest and query (stored hashed in Postgres)',
  usage:
    'keys create --name <name> --scope <scope> … [--expires <duration|time>] | keys list [--json] | keys revoke <id>',
  details: [
    `Scopes: ${API_KEY_SCOPES.join(', ')} (admin: webhook subscriptions and secrets, the queue dashboard, retries,`,
    'and everything the others allow). `create` prints the new key alone on standard output — the only time it is',
    'shown — and what it is on standard error. `list` shows every key (never the key itself, only its first',
    'characters) with its status: active, expired or revoked. `revoke` takes the id that `list` shows; ingest and',
    'query refuse the key within API_KEY_CACHE_MS. The keys in API_KEYS are not stored and not listed.',
  ].join('\n'),
  options: {
    name: { type: 'string', valueName: 'name', description: 'create: who or what uses the key (e.g. wire-crawler)' },
    scope: {
      type: 'string',
      valueName: 'scope',
      multiple: true,
      description: `create: ${API_KEY_SCOPES.join(', ')} (repeatable, or comma-separated)`,
    },
    expires: {
      type: 'string',
      valueName: 'duration|time',
      description: 'create: when the key stops working: in 90d, 12h, … or at an ISO time (default: never)',
    },
    json: { type: 'boolean', description: 'list: one JSON object per key and line' },
  },
  async run(args) {
    const [action, ...rest] = args.positionals;
    if (action !== 'create' && action !== 'list' && action !== 'revoke') {
      throw new UsageError('say what to do: `keys create`, `keys list` or `keys revoke <id>`');
    }
    const misplaced = CREATE_ONLY.filter((name) => action !== 'create' && args.has(name));
    if (args.flag('json') && action !== 'list') misplaced.push('json');
    if (misplaced.length) throw new UsageError(`--${misplaced[0]} is not an option of \`keys ${action}\``);
    if (action === 'revoke' ? rest.length !== 1 : rest.length) {
      throw new UsageError(
        action === 'revoke' ? 'give the id of one key: `keys revoke <id>`' : `unexpected argument "${rest[0]}"`,
      );
    }
    const request = action === 'create' ? newKey(args) : undefined;
    if (action === 'revoke' && !UUID.test(rest[0]))
      throw new UsageError(`not a key id: "${rest[0]}" (see \`keys list\`)`);

    const db = await openDatabase(loadConfigOrExit());
    try {
      const registry = new ApiKeyRegistry(db);
      if (request) {
        const { key, record } = await registry.create(request);
        const expiry = record.expiresAt ? `expires ${record.expiresAt.toISOString()}` : 'never expires';
        process.stderr.write(
          `key ${record.id} "${record.name}" (${record.scopes.join(', ')}), ${expiry}; it is shown only this once:\n`,
        );
        process.stdout.write(`${key}\n`);
        return 0;
      }
      if (action === 'list') {
        const records = await registry.list();
        process.stdout.write(
          args.flag('json') ? records.map((r) => `${JSON.stringify(listed(r))}\n`).join('') : table(records),
        );
        return 0;
      }
      const outcome = await registry.revoke(rest[0]);
      if (outcome === 'not-found') {
        process.stderr.write(`storyline keys: no key ${rest[0]}\n`);
        return 1;
      }
      process.stdout.write(
        outcome === 'revoked'
          ? `revoked ${rest[0]}; ingest and query refuse it within API_KEY_CACHE_MS\n`
          : `${rest[0]} was already revoked\n`,
      );
      return 0;
    } finally {
      await db.destroy();
    }
  },
};

function newKey(args: ParsedArgs): { name: string; scopes: ApiKeyScope[]; expiresAt?: Date } {
  const name = args.string('name')?.trim();
  if (!name) throw new UsageError('--name is required: who or what uses the key');
  // eslint-disable-next-line no-control-regex
  if (name.length > 100 || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new UsageError('--name: at most 100 characters, no control characters');
  }
  const scopes = args.strings('scope');
  if (!scopes.length) throw new UsageError(`--scope is required: ${API_KEY_SCOPES.join(', ')}`);
  const unknown = scopes.find((scope) => !isApiKeyScope(scope));
  if (unknown !== undefined) throw new UsageError(`--scope: "${unknown}" is not one of ${API_KEY_SCOPES.join(', ')}`);
  const expires = args.string('expires');
  return {
    name,
    scopes: scopes as ApiKeyScope[],
    expiresAt: expires === undefined ? undefined : expiryOf(expires, new Date()),
  };
}

/** `90d`, `12h`, `30m` from now, or an ISO time; it must lie ahead. */
export function expiryOf(text: string, now: Date): Date {
  let at: Date;
  if (/^\d+(ms|s|m|h|d)$/.test(text.trim())) {
    at = new Date(now.getTime() + parseDuration(text));
  } else if (/^\d{4}-\d{2}-\d{2}/.test(text.trim())) {
    at = new Date(text.trim());
  } else {
    throw new UsageError(`--expires: a duration such as 90d or 12h, or an ISO time (got "${text}")`);
  }
  if (Number.isNaN(at.getTime())) throw new UsageError(`--expires: not a time: "${text}"`);
  if (at.getTime() <= now.getTime()) throw new UsageError(`--expires: ${at.toISOString()} has passed`);
  return at;
}

type KeyStatus = 'active' | 'expired' | 'revoked';

function statusOf(record: ApiKeyRecord, now = Date.now()): KeyStatus {
  if (record.revokedAt) return 'revoked';
  return record.expiresAt && record.expiresAt.getTime() <= now ? 'expired' : 'active';
}

function listed(record: ApiKeyRecord) {
  return { ...record, status: statusOf(record) };
}

function table(records: ApiKeyRecord[]): string {
  if (!records.length) return 'no stored keys (API_KEYS are not stored)\n';
  const day = (date: Date | null) => (date ? date.toISOString().replace(/:\d\d\.\d+Z$/, 'Z') : '-');
  const rows = [
    ['id', 'name', 'scopes', 'key', 'created', 'expires', 'status'],
    ...records.map((r) => [
      r.id,
      r.name,
      r.scopes.join(','),
      `${r.keyPrefix}…`,
      day(r.createdAt),
      day(r.expiresAt),
      r.revokedAt ? `revoked ${day(r.revokedAt)}` : statusOf(r),
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}
