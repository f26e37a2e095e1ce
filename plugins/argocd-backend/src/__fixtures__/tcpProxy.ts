/*
 * A TCP pass-through in front of the sandbox's Argo CD, so a test can make
 * Argo CD unreachable for the portal (and reachable again) without stopping
 * the shared sandbox other engineers' tests are using.
 */
import { createConnection, createServer, Server, Socket } from 'node:net';

export interface TcpProxy {
  url: string;
  port: number;
  /** close the listening port and cut every open connection */
  stop(): Promise<void>;
  /** listen again on the same port */
  start(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((done, fail) => {
      server = createServer(client => {
        const upstream = createConnection(Number(targetPort || 80), hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        done();
      });
    });

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    stop: () =>
      new Promise<void>(done => {
        for (const s of sockets) s.destroy();
        server?.close(() => done());
      }),
    start: listen,
  };
}
