/**
 * The benchmarked server in its own process (run with --expose-gc), so its memory and CPU can be
 * measured apart from the client and worker. Talks to bench/temporal.ts over IPC:
 * → { type: 'ready', port } once listening; 'mem' → gc'd memoryUsage; 'cpu' → cpuUsage.
 */
import { startTemporalServer } from '@werkroute/temporal-server';

const port = Number(process.argv[2]);
// argv[3]: where the state is kept — `memory` (default), `postgres:<url>` or `file:<path>`.
const store = process.argv[3] ?? 'memory';
const storeOptions = store.startsWith('postgres:') ? { databaseUrl: store.slice('postgres:'.length) } : store.startsWith('file:') ? { dbFilename: store.slice('file:'.length) } : {};
const t0 = performance.now();
const server = await startTemporalServer({ port, ip: '127.0.0.1', namespace: 'default', logLevel: 'warn', ...storeOptions });
const startMs = performance.now() - t0;
const send = (m: unknown) => process.send?.(m);
send({ type: 'ready', port: server.port, address: server.address, startMs, stats: server.stats() });

process.on('message', async (msg: { type: string; id: number }) => {
  if (msg.type === 'mem') {
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setImmediate(r));
    }
    const m = process.memoryUsage();
    send({ type: 'mem', id: msg.id, gc: !!gc, rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers });
  } else if (msg.type === 'cpu') {
    const c = process.cpuUsage();
    send({ type: 'cpu', id: msg.id, userUs: c.user, systemUs: c.system });
  } else if (msg.type === 'stop') {
    await server.stop();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
