import { createServer, type Server } from 'node:http';

/**
 * Stands in for the Temporal Web UI the CLI serves on `--ui-port`: the SDK's own test only checks
 * that `GET /namespaces` answers 200, and a real UI is out of scope.
 */
export async function startUiStub(opts: { port: number; ip: string; namespaces: string[] }): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
    } else if (path === '/namespaces' || path === '/api/v1/namespaces') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ namespaces: opts.namespaces.map((name) => ({ namespaceInfo: { name, state: 'Registered' } })) }));
    } else if (path === '/' || path.startsWith('/namespaces/')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Temporal-compatible development server (no web UI).\n');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.ip, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
