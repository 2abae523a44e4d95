// The whole system as `npm start` runs it: a child process without DATABASE_URL, so with the embedded
// PostgreSQL under a temporary DATA_DIR. Healthy → SIGTERM → exit 0 with no postgres left behind →
// restart on the same data directory keeps the data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../db/embedded';
import { spawnServer, waitForHealthy, type ServerProcess } from '../helpers/server-process';

let dataDir: string;
let current: ServerProcess | undefined;

beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-boot-'));
  fs.chmodSync(root, 0o755); // the embedded PostgreSQL may run as the postgres user
  dataDir = path.join(root, 'data');
});
afterAll(async () => {
  if (current && current.child.exitCode === null) {
    current.child.kill('SIGKILL');
    await current.exited;
  }
  stopLeftoverPostgres();
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

const pgDir = () => path.join(dataDir, 'postgres');
const postmasterPid = () => Number(fs.readFileSync(path.join(pgDir(), 'postmaster.pid'), 'utf8').split('\n')[0]);
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
function stopLeftoverPostgres() {
  try {
    process.kill(postmasterPid(), 'SIGQUIT');
  } catch {
    /* none */
  }
}

async function boot(): Promise<{ server: ServerProcess; url: string }> {
  const port = await freePort();
  current = spawnServer({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(current, `${url}/api/health`);
  return { server: current, url };
}

function logLine(server: ServerProcess, msg: string) {
  return server
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { msg: string; port?: number; pid?: number })
    .find((l) => l.msg === msg);
}

function embeddedUrl(server: ServerProcess): string {
  const started = logLine(server, 'embedded PostgreSQL started');
  const password = fs.readFileSync(path.join(pgDir(), 'werkroute.password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${started!.port}/werkroute`;
}

async function sigterm(server: ServerProcess): Promise<number> {
  const pid = postmasterPid();
  expect(isAlive(pid)).toBe(true);
  server.child.kill('SIGTERM');
  const code = await server.exited;
  expect(isAlive(pid), 'postgres still running after the server exited').toBe(false);
  expect(fs.existsSync(path.join(pgDir(), 'postmaster.pid'))).toBe(false);
  return code;
}

// npm start now runs the whole system: embedded PostgreSQL, the embedded Temporal-compatible server, worker and API.
describe('npm start with the embedded PostgreSQL', { timeout: 180_000 }, () => {
  test('boots healthy, logs JSON, stops on SIGTERM with exit code 0 and no postgres left', async () => {
    const { server, url } = await boot();
    const res = await fetch(`${url}/api/health`);
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: { status: 'up' }, temporal: { status: 'up' } } });
    const lines = server.stdout().split('\n').filter(Boolean);
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
    // No demo data unasked: the first beheerder gets a random password, printed once, that signs in.
    expect(server.stdout()).not.toContain('werkroute-demo');
    const eerste = logLine(server, 'first beheerder created: sign in and change the password (shown only now)') as unknown as { email: string; password: string };
    expect(eerste.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: eerste.email, wachtwoord: eerste.password }) });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { medewerker: { rol: string } }).medewerker.rol).toBe('beheerder');
    expect(server.stdout()).not.toMatch(/database system is ready|checkpoint/); // postgres' own logs stay quiet

    const sql = postgres(embeddedUrl(server), { max: 1, onnotice: () => {} });
    await sql`insert into werkgevers (kvk_nummer, naam) values ('87654321', 'Blijft Bewaard BV')`;
    await sql.end();

    expect(await sigterm(server)).toBe(0);
    expect(server.stderr()).toBe('');
  });

  test('restarts on the same data directory with the data kept', async () => {
    const { server } = await boot();
    const sql = postgres(embeddedUrl(server), { max: 1, onnotice: () => {} });
    const rows = await sql`select naam from werkgevers where kvk_nummer = '87654321'`;
    const [demo] = await sql`select count(*)::int as n from medewerkers`;
    await sql.end();
    expect(rows.map((r) => r.naam)).toEqual(['Blijft Bewaard BV']);
    expect(demo!.n).toBe(1); // the one beheerder, not created again
    expect(server.stdout()).not.toContain('first beheerder created');

    // Then a crash (or OOM kill): the postgres it leaves behind is stopped by the next start.
    const orphan = postmasterPid();
    server.child.kill('SIGKILL');
    await server.exited;
    expect(isAlive(orphan)).toBe(true);
  });

  test('recovers from a killed run; a doubled Ctrl-C (terminal + npm) still shuts down gracefully', async () => {
    const orphan = postmasterPid();
    const { server } = await boot();
    expect(isAlive(orphan)).toBe(false);
    const pid = postmasterPid();
    server.child.kill('SIGINT');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"msg":"Werkroute stopped"');
    expect(server.stdout()).not.toContain('forced exit');
    expect(isAlive(pid)).toBe(false);
  });
});
