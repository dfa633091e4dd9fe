import { createServer } from 'node:net';

/** Ports a tool may use on a shared machine (other engineers' stacks keep to other ranges), both ends included. */
export interface PortRange {
  from: number;
  to: number;
}

/** bench:pipeline's range. */
export const BENCH_PORTS: PortRange = { from: 4100, to: 4199 };

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` ports of the range free right now (a port taken between this check and its use fails the start loudly). */
export async function freePorts(count: number, range: PortRange): Promise<number[]> {
  const ports: number[] = [];
  for (let port = range.from; port <= range.to && ports.length < count; port++) {
    if (await isFree(port)) ports.push(port);
  }
  if (ports.length < count)
    throw new Error(`only ${ports.length} free ports in ${range.from}–${range.to}, need ${count}`);
  return ports;
}
