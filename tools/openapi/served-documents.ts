import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@storyline/config';
import { createIngestApp } from '../../apps/ingest/src/ingest-app';
import { createQueryApp } from '../../apps/query/src/query-app';

/** The HTTP services whose OpenAPI documents are committed, by the name of their file under openapi/. */
export const DOCUMENTED_SERVICES = {
  ingest: createIngestApp,
  query: createQueryApp,
} as const satisfies Record<string, (config: AppConfig) => Promise<INestApplication>>;

export type DocumentedService = keyof typeof DOCUMENTED_SERVICES;

/** Where a service's committed document lives, from the project root. */
export function documentPath(root: string, service: DocumentedService): string {
  return join(root, 'openapi', `${service}.json`);
}

/** A document as it is committed: two-space JSON with a final newline, so diffs of it read line by line. */
export function documentText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The document a started service serves, read over HTTP as a client reads it. */
export async function fetchServedDocument(baseUrl: string): Promise<unknown> {
  const response = await fetch(new URL('/docs/openapi.json', baseUrl));
  if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}`);
  return response.json();
}
