import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';

/** Where a command writes its data: a file, or standard output (progress and messages go to stderr). */
export interface Output {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export function openOutput(path?: string): Output {
  const stream: Writable = path && path !== '-' ? createWriteStream(path) : process.stdout;
  // A reader that stops early (`export … | head`) closes the pipe: that ends the output, it is not a failure.
  if (stream === process.stdout)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
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
