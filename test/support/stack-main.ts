// The whole stack in a process of its own (test/support/stack.ts, run from the TypeScript sources), configured
// from the environment as the real entry points are: for tests that read what the services write to stdout and
// stderr. Sends { ingestUrl, queryUrl } once it serves; SIGTERM stops it through the apps' shutdown hooks.
import 'reflect-metadata';
import { loadConfig } from '@storyline/config';
import { Stack } from './stack';

Stack.start(loadConfig()).then(
  (stack) => process.send?.({ ingestUrl: stack.ingestUrl, queryUrl: stack.queryUrl }),
  (error: unknown) => {
    process.stderr.write(`stack failed to start: ${String(error)}\n`);
    process.exit(1);
  },
);
