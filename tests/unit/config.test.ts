// Configuration: defaults and validation (unit), and how the server reports configuration errors:
// ONE line on stderr, exit code 1, no stack trace (child processes running `tsx server.ts`).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../config';
import { freePort } from '../../db/embedded';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { runServerToExit } from '../helpers/server-process';

describe('loadConfig', () => {
  test('defaults', () => {
    expect(loadConfig({}, '/srv/werkroute')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      demoData: false,
      beheerderEmail: 'beheerder@werkroute.local',
      bewaartermijnen: { standaardMaanden: 12, perUitkomst: {} },
      volglinkDagen: 90,
      databaseUrl: undefined,
      dataDir: '/srv/werkroute/.data',
      embeddedPgPort: undefined,
      temporalAddress: undefined,
      smtpUrl: undefined,
      logLevel: 'info',
      publicUrl: undefined,
    });
  });

  test('all variables', () => {
    expect(
      loadConfig(
        {
          PORT: '8080',
          DATABASE_URL: 'postgresql://wr:geheim@db.internal:5432/werkroute',
          DATA_DIR: '/var/lib/werkroute',
          EMBEDDED_PG_PORT: '54329',
          TEMPORAL_ADDRESS: 'temporal:7233',
          SMTP_URL: 'smtp://mail:25',
          LOG_LEVEL: 'DEBUG',
          PUBLIC_URL: 'https://werkroute.example.nl/',
          HOST: '0.0.0.0',
          DEMO_DATA: '0',
          BEHEERDER_EMAIL: 'it@werkgeversdesk.example.nl',
          BEWAARTERMIJN_MAANDEN: '18, ingetrokken=3,vervuld=24',
          VOLGLINK_DAGEN: '30',
        },
        '/x',
      ),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      demoData: false,
      beheerderEmail: 'it@werkgeversdesk.example.nl',
      bewaartermijnen: { standaardMaanden: 18, perUitkomst: { ingetrokken: 3, vervuld: 24 } },
      volglinkDagen: 30,
      databaseUrl: 'postgresql://wr:geheim@db.internal:5432/werkroute',
      dataDir: '/var/lib/werkroute',
      embeddedPgPort: 54329,
      temporalAddress: 'temporal:7233',
      smtpUrl: 'smtp://mail:25',
      logLevel: 'debug',
      publicUrl: 'https://werkroute.example.nl',
    });
  });

  test('TRUST_PROXY: a number of hops or a list of proxy addresses; false, 0 and empty trust none', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.168.1.5' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.5']);
    for (const niets of ['false', '0', '', ' ']) expect(loadConfig({ TRUST_PROXY: niets }).trustProxy).toBeUndefined();
  });

  test('HOST is loopback and demo data off unless set', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', demoData: false, beheerderEmail: 'beheerder@werkroute.local' });
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_DATA: 'true' })).toMatchObject({ host: '0.0.0.0', demoData: true });
    expect(loadConfig({ DEMO_DATA: '0' }).demoData).toBe(false);
  });

  test('WERKROUTE_SECRET: taken trimmed when set, never echoed when refused', () => {
    const geheim = 'a'.repeat(40);
    expect(loadConfig({ WERKROUTE_SECRET: ` ${geheim}\n` }).werkrouteSecret).toBe(geheim);
    expect(loadConfig({ WERKROUTE_SECRET: '' }).werkrouteSecret).toBeUndefined();
    expect(() => loadConfig({ WERKROUTE_SECRET: 'geheim-dat-niemand-mag-zien' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('geheim-dat-niemand') }));
  });

  test('empty values count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', LOG_LEVEL: '' }, '/x')).toMatchObject({ port: 3000, databaseUrl: undefined, logLevel: 'info' });
  });

  test.each([
    { env: { PORT: 'abc' }, message: /PORT must be an integer between 0 and 65535/ },
    { env: { PUBLIC_URL: 'ftp://x' }, message: /PUBLIC_URL must be a URL like https:/ },
    { env: { PORT: '70000' }, message: /PORT must be an integer/ },
    { env: { PORT: '-1' }, message: /PORT must be an integer/ },
    { env: { DATABASE_URL: 'mysql://u:p@h/db' }, message: /DATABASE_URL must be a URL like postgres:/ },
    { env: { DATABASE_URL: 'not a url' }, message: /DATABASE_URL must be a URL/ },
    { env: { TEMPORAL_ADDRESS: 'localhost' }, message: /TEMPORAL_ADDRESS must be host:port/ },
    { env: { SMTP_URL: 'http://mail' }, message: /SMTP_URL must be a URL like smtp:/ },
    { env: { LOG_LEVEL: 'loud' }, message: /LOG_LEVEL must be one of debug, info, warn, error/ },
    { env: { TRUST_PROXY: 'true' }, message: /TRUST_PROXY must be .*; true would let any client choose its address/ },
    { env: { TRUST_PROXY: '11' }, message: /TRUST_PROXY must be .*at most 10 hops/ },
    { env: { TRUST_PROXY: 'loopback, proxy.example.nl' }, message: /TRUST_PROXY must be a number of proxy hops/ },
    { env: { TRUST_PROXY: '10.0.0.0/33' }, message: /TRUST_PROXY must be a number of proxy hops/ },
    { env: { HOST: 'not a host!' }, message: /HOST must be an IP address or host name/ },
    { env: { DEMO_DATA: 'ja' }, message: /DEMO_DATA must be 1\/true or 0\/false/ },
    { env: { BEHEERDER_EMAIL: 'beheer' }, message: /BEHEERDER_EMAIL must be an e-mail address/ },
    { env: { BEWAARTERMIJN_MAANDEN: '12,gewonnen=3' }, message: /BEWAARTERMIJN_MAANDEN must be a number of months.*outcomes: ingetrokken, vervuld/ },
    { env: { BEWAARTERMIJN_MAANDEN: '0' }, message: /BEWAARTERMIJN_MAANDEN must be a number of months/ },
    { env: { VOLGLINK_DAGEN: 'lang' }, message: /VOLGLINK_DAGEN must be a number of days/ },
    { env: { WERKROUTE_SECRET: 'te-kort-geheim' }, message: /WERKROUTE_SECRET must be at least 32 characters/ },
  ])('rejects $env', ({ env, message }) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('several problems are reported in one line, without secret values', () => {
    try {
      loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://user:s3cret@host/db' });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/PORT.*; DATABASE_URL/);
      expect(message).not.toContain('s3cret');
    }
  });

  test('redactUrl hides the password', () => {
    expect(redactUrl('postgres://wr:geheim@db:5432/werkroute')).toBe('postgres://wr:***@db:5432/werkroute');
  });
});

// Each case starts a node process; generous timeouts because CI machines can be busy.
describe('configuration errors end the server with one line on stderr and exit code 1', { timeout: 120_000 }, () => {
  let t: TestDatabase;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestDatabase('config');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-config-'));
  });
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function expectOneLine(result: { code: number; stderr: string }, pattern: RegExp) {
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(result.code, result.stderr).toBe(1);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }

  test.concurrent('malformed DATABASE_URL', async () => {
    const r = await runServerToExit({ DATABASE_URL: 'postgres//nohost', PORT: '0' });
    expectOneLine(r, /^werkroute: invalid configuration: DATABASE_URL must be a URL like postgres:\/\//);
  });

  test.concurrent('bad PORT', async () => {
    const r = await runServerToExit({ PORT: 'eighty' });
    expectOneLine(r, /^werkroute: invalid configuration: PORT must be an integer between 0 and 65535$/);
  });

  test.concurrent('unreachable database', async () => {
    const r = await runServerToExit({ DATABASE_URL: `postgres://wr:geheim@127.0.0.1:${await freePort()}/werkroute`, PORT: '0' });
    expectOneLine(r, /^werkroute: cannot connect to PostgreSQL at postgres:\/\/wr:\*\*\*@127\.0\.0\.1:\d+\/werkroute: .*ECONNREFUSED/);
    expect(r.stderr).not.toContain('geheim');
  });

  test.concurrent('port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const r = await runServerToExit({ DATABASE_URL: t.url, PORT: String(port) });
      expectOneLine(r, new RegExp(`^werkroute: port ${port} is already in use; set PORT to a free port$`));
    } finally {
      blocker.close();
    }
  });

  test.concurrent('unwritable data directory', async () => {
    const file = path.join(tmp, 'not-a-directory');
    fs.writeFileSync(file, '');
    const r = await runServerToExit({ DATA_DIR: path.join(file, 'data'), PORT: '0' });
    expectOneLine(r, /^werkroute: data directory .*not-a-directory\/data is not writable \(ENOTDIR\); set DATA_DIR$/);
  });
});
