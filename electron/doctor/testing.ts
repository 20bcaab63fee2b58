import { createServer, type Server } from 'node:net';
import type { TillConfig } from '../../shared/config/schema.ts';
import { BUILT_IN_DEFAULTS, resolveConfig } from '../config/load-config.ts';

/** Test helpers for the doctor's checks; real sockets on loopback, nothing faked. */

/** The built-in defaults with `values` on top, validated as the till validates a file. */
export function tillConfig(values: Record<string, unknown>): TillConfig {
  return resolveConfig([BUILT_IN_DEFAULTS, { source: 'test', values }]);
}

/** Binds a TCP port on loopback; the caller closes it. */
export function occupyPort(port = 0, host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.once('error', reject);
    server.listen({ host, port }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      resolve({
        port: address.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A port on loopback nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const occupied = await occupyPort();
  await occupied.close();
  return occupied.port;
}
