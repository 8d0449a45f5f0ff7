import * as net from 'node:net';

/** The only address anything the rehearsal starts listens on. */
export const LOOPBACK = '127.0.0.1';

/** Ports this process has handed out: the kernel may offer a just-closed port again at once. */
const handedOut = new Set<number>();

/**
 * A port that is free on 127.0.0.1 right now, for a program (nginx) that cannot be told to pick one itself,
 * and never one this process handed out before. Another process could take it before nginx binds; nginx
 * then fails to start and says so.
 */
export async function freeLoopbackPort(): Promise<number> {
  for (;;) {
    const port = await kernelPickedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function kernelPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
