import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stand-in Argo CD API for unit tests: session login, get and create
 * applications (create honours `upsert` like the real server).
 */
export async function startFakeArgoCd(options: {
  username: string;
  password: string;
}) {
  const apps = new Map<string, any>();
  const requests: { method: string; path: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://localhost');
      requests.push({ method: req.method!, path: url.pathname + url.search });
      const body = chunks.length
        ? JSON.parse(Buffer.concat(chunks).toString())
        : undefined;
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (url.pathname === '/api/v1/session' && req.method === 'POST') {
        if (
          body.username === options.username &&
          body.password === options.password
        ) {
          send(200, { token: 'session-token' });
        } else {
          send(401, { message: 'Invalid username or password' });
        }
        return;
      }
      if (req.headers.authorization !== 'Bearer session-token') {
        send(401, { message: 'no session information' });
        return;
      }
      if (url.pathname === '/api/v1/applications' && req.method === 'GET') {
        const name = url.searchParams.get('name');
        // like Argo CD: an empty list is `items: null`
        const items = [...apps.values()].filter(
          a => !name || a.metadata.name === name,
        );
        send(200, { metadata: {}, items: items.length ? items : null });
        return;
      }
      if (url.pathname === '/api/v1/applications' && req.method === 'POST') {
        const existing = apps.get(body.metadata.name);
        if (existing && url.searchParams.get('upsert') !== 'true') {
          send(400, {
            message: `existing application spec is different, use upsert flag to force update`,
          });
          return;
        }
        const stored = {
          ...body,
          metadata: { ...body.metadata, uid: 'uid-1' },
          spec: {
            ...body.spec,
            destination: { ...body.spec.destination, name: '' },
          },
        };
        apps.set(body.metadata.name, stored);
        send(200, stored);
        return;
      }
      send(404, { message: 'not found' });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apps,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
