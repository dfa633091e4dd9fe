/**
 * A subscriber made through the query API as a client would: to the story events, or to `eventTypes` when given
 * (the chaos test also wants article.failed).
 */
export async function subscribe(
  queryUrl: string,
  subscription: { url: string; description: string; eventTypes?: string[] },
): Promise<void> {
  const response = await fetch(`${queryUrl}/v1/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(subscription),
  });
  if (!response.ok) throw new Error(`subscription refused: HTTP ${response.status} ${await response.text()}`);
}
