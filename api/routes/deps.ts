// What the API routes need from the outside world; built once by the app's start-up (or a test).
import type { Logger } from '../../app/logger';
import type { Db } from '../../db/client';
import type { MeldingTemporal } from '../temporal';

export interface RateLimitInstelling {
  capaciteit: number;
  perSeconde: number;
}

export interface ApiDeps {
  db: Db;
  logger: Logger;
  temporal: MeldingTemporal;
  /** Base of every link the API hands out (PUBLIC_URL, or this server's own address once it listens). */
  publiekeUrl?: string | (() => string);
  /** Encrypts the follow link's secret for later mails (security/volglink.ts). */
  volglinkSleutel: Buffer;
  /** Days the follow link keeps working after the melding closed (default 90). */
  volglinkDagen?: number;
  /** Submissions per client address; false turns the limit off (benchmarks). Default 20 burst, 1 per 3 s. */
  indienLimiet?: RateLimitInstelling | false;
  /** Sign-in attempts per client address. Default 10 burst, 1 per 6 s. */
  loginLimiet?: RateLimitInstelling | false;
  /**
   * How long `GET /api/meldingen/{id}` waits for the workflow's live state before it answers with the
   * stored data alone (default 2000 ms). A query on a workflow the worker no longer caches replays its
   * history; under heavy load those replays queue, and a manager should not wait on them.
   */
  liveWachttijdMs?: number;
  now?: () => Date;
}
