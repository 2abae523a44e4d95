// GET /api/health: 200 when every registered dependency is up, 503 otherwise.
// Dependencies register a check: `health.registerHealthCheck('temporal', async () => { ... })`;
// a check is up when it resolves and down when it throws or exceeds its timeout.
import { Router } from 'express';

export type HealthCheck = () => Promise<unknown>;

export interface CheckResult {
  status: 'up' | 'down';
  /** Short reason when down (error code or message; never connection strings). */
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, CheckResult>;
}

export interface HealthRegistry {
  registerHealthCheck(name: string, check: HealthCheck, options?: { timeoutMs?: number }): void;
  unregisterHealthCheck(name: string): void;
  check(): Promise<HealthReport>;
}

export function createHealthRegistry(defaultTimeoutMs = 2_000): HealthRegistry {
  const checks = new Map<string, { check: HealthCheck; timeoutMs: number }>();
  return {
    registerHealthCheck(name, check, options = {}) {
      if (checks.has(name)) throw new Error(`health check '${name}' is already registered`);
      checks.set(name, { check, timeoutMs: options.timeoutMs ?? defaultTimeoutMs });
    },
    unregisterHealthCheck(name) {
      checks.delete(name);
    },
    async check() {
      const entries = await Promise.all(
        [...checks].map(async ([name, { check, timeoutMs }]) => [name, await runCheck(check, timeoutMs)] as const),
      );
      const results = Object.fromEntries(entries);
      return { status: entries.every(([, r]) => r.status === 'up') ? 'ok' : 'unavailable', checks: results };
    },
  };
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const reason = typeof e.code === 'string' ? e.code : typeof e.message === 'string' ? e.message : 'failed';
    return { status: 'down', error: reason.split('\n')[0]!.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRouter(health: HealthRegistry): Router {
  const router = Router();
  router.get('/api/health', async (_req, res) => {
    const report = await health.check();
    res.status(report.status === 'ok' ? 200 : 503).set('Cache-Control', 'no-store').json(report);
  });
  return router;
}
