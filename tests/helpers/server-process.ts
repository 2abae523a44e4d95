// Runs the server as `npm start` does (`node --import tsx server.ts`) in a child process with a controlled
// environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const OWN_VARS = ['PORT', 'DATABASE_URL', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'LOG_LEVEL'];

export interface ServerProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or 128 + signal number) once the process has ended. */
  exited: Promise<number>;
}

export function spawnServer(env: Record<string, string>): ServerProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN_VARS.includes(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2))),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs the server until it exits on its own (start-up failures), killing it after `timeoutMs`. */
export async function runServerToExit(env: Record<string, string>, timeoutMs = 90_000) {
  const p = spawnServer(env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitForHealthy(p: ServerProcess, url: string, timeoutMs = 90_000): Promise<void> {
  let exited = false;
  void p.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${p.stderr()}\n${p.stdout()}`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${p.stderr()}\n${p.stdout()}`);
}
