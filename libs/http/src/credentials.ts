/**
 * The API key a request carries: `Authorization: Bearer <key>`, or — where a browser has to ask for it (the queue
 * dashboard) — the password of HTTP Basic credentials, whatever the user name. undefined when there is none.
 */
export function sentApiKey(authorization: string | undefined, { basic = false } = {}): string | undefined {
  const header = authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const credentials = basic ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!credentials) return undefined;
  const text = Buffer.from(credentials[1], 'base64').toString('utf8');
  return text.slice(text.indexOf(':') + 1) || undefined;
}
