import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';

/** Where a command writes its data: a file, or standard output (progress and messages go to stderr). */
export interface Output {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the output: a file once it is open (a missing folder or a read-only path is an ordinary error for the
 * command to report, not a crash from an unhandled stream event), or standard output.
 */
export async function openOutput(path?: string): Promise<Output> {
  const stream: Writable = path && path !== '-' ? createWriteStream(path) : process.stdout;
  if (stream !== process.stdout) {
    await once(stream, 'open').catch((error: Error) => {
      throw new Error(`cannot write ${path}: ${error.message}`);
    });
  }
  return {
    // Waiting for 'drain' keeps memory flat when the reader (a file, a pipe into `head`) is slower than us.
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async close() {
      if (stream === process.stdout) return;
      stream.end();
      await once(stream, 'finish');
    },
  };
}
