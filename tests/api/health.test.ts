// GET /api/health and the common HTTP behaviour (problem+json, request ids), against the whole system
// started in-process with startWerkroute() on a test database.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../api/app';
import { createHealthRegistry } from '../../api/routes/health';
import { createLogger, silentLogger } from '../../app/logger';
import { startWerkroute, type RunningWerkroute } from '../../app/start';
import { loadConfig } from '../../config';
import { createDbClient } from '../../db/client';
import { freePort } from '../../db/embedded';
import { createTestDatabase, withAdmin, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
let running: RunningWerkroute;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  t = await createTestDatabase('health');
  const config = { ...loadConfig({}), port: 0, databaseUrl: t.url };
  // Temporal off: this file checks the HTTP foundation; health-temporal.test.ts covers the whole stack.
  running = await startWerkroute(config, { temporal: false, logger: createLogger('info', (line) => logLines.push(JSON.parse(line))) });
});
afterAll(async () => {
  await running?.stop();
  await t?.drop();
});

async function get(path: string, init?: RequestInit) {
  const res = await fetch(running.url + path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

describe('GET /api/health', () => {
  test('200 with every check up', async () => {
    const res = await get('/api/health');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: { status: 'up' } } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('503 when a registered dependency is down, 200 again when it recovers', async () => {
    let up = false;
    running.health.registerHealthCheck('temporal', async () => {
      if (!up) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7233'), { code: 'ECONNREFUSED' });
    });
    try {
      const res = await get('/api/health');
      expect(res.status, res.text).toBe(503);
      expect(res.body).toEqual({
        status: 'unavailable',
        checks: { database: { status: 'up' }, temporal: { status: 'down', error: 'ECONNREFUSED' } },
      });
      up = true;
      expect((await get('/api/health')).status).toBe(200);
    } finally {
      running.health.unregisterHealthCheck('temporal');
    }
  });

  test('503 while the database refuses connections, 200 after it is back', async () => {
    await withAdmin(async (admin) => {
      await admin.unsafe(`alter database "${t.name}" allow_connections false`);
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${t.name} and pid <> pg_backend_pid()`;
    });
    try {
      const res = await get('/api/health');
      expect(res.status, res.text).toBe(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.checks.database.status).toBe('down');
      expect(res.body.checks.database.error).not.toMatch(/postgres:\/\//); // no connection strings
    } finally {
      await withAdmin((admin) => admin.unsafe(`alter database "${t.name}" allow_connections true`));
    }
    // The pool reconnects on demand; allow a few attempts for the terminated connections to be replaced.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) status = (await get('/api/health')).status;
    expect(status).toBe(200);
  });

  test('503 with a database that is not running at all', async () => {
    const dead = createDbClient(`postgres://postgres:x@127.0.0.1:${await freePort()}/werkroute`, { connectTimeout: 2 });
    const health = createHealthRegistry();
    health.registerHealthCheck('database', async () => {
      await dead.sql`select 1`;
    });
    const server = http.createServer(buildApp({ logger: silentLogger, health }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', checks: { database: { status: 'down', error: 'ECONNREFUSED' } } });
    } finally {
      server.close();
      await dead.close();
    }
  });

  test('a check that hangs counts as down after its timeout', async () => {
    const health = createHealthRegistry(50);
    health.registerHealthCheck('slow', () => new Promise(() => {}));
    expect(await health.check()).toEqual({ status: 'unavailable', checks: { slow: { status: 'down', error: 'timed out after 50 ms' } } });
    expect(() => health.registerHealthCheck('slow', async () => {})).toThrow(/already registered/);
  });
});

describe('errors are RFC 9457 problems', () => {
  test('unknown route → 404 problem with the request id', async () => {
    const res = await get('/api/bestaat-niet?email=iemand@example.org');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'urn:werkroute:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /api/bestaat-niet',
      instance: '/api/bestaat-niet',
      requestId: res.headers.get('x-request-id'),
    });
  });

  test('malformed JSON → 400 problem without internals', async () => {
    const res = await get('/api/health', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"soort": ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'urn:werkroute:problem:malformed-json', status: 400, instance: '/api/health' });
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|SyntaxError/);
  });

  test('a well-formed X-Request-Id is kept, anything else replaced', async () => {
    const kept = await get('/api/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers.get('x-request-id')).toBe('abc-123');
    const replaced = await get('/api/health', { headers: { 'x-request-id': 'bad id / with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('request log lines are structured and carry no query string, ids or tokens', async () => {
    await get('/api/nergens?volg=geheim-token');
    await get('/api/volg/Zk3_geheimVolgToken-123/onbekend');
    const line = logLines.find((l) => l.msg === 'request' && l.path === '/api/nergens');
    expect(line).toMatchObject({ level: 'info', method: 'GET', status: 404 });
    expect(typeof line?.requestId).toBe('string');
    expect(logLines.some((l) => l.path === '/api/volg/:param/onbekend')).toBe(true);
    expect(JSON.stringify(logLines)).not.toMatch(/geheim/i);
  });

  test('matched routes log their pattern', async () => {
    await get('/api/health');
    expect(logLines.some((l) => l.msg === 'request' && l.route === '/api/health' && l.path === undefined)).toBe(true);
  });
});
