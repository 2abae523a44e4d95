import type { CallContext } from '../rpc/handler';

export type QueueKind = 'workflow' | 'activity';

/** A queued task is only a pointer; `dispatch` re-checks it against the run and returns null when stale. */
export type Dispatch<T, R> = (task: T) => R | null;

interface Poller<T, R> {
  dispatch: Dispatch<T, R>;
  resolve: (r: R | null) => void;
  ctx: CallContext;
  done: boolean;
}

/** `R` is each poller's own answer type; the queue only hands it on, so it is `unknown` except inside `poll`. */
class Queue<T, R = unknown> {
  backlog: T[] = [];
  head = 0;
  pollers: Poller<T, R>[] = [];
  lastPollAt = 0;

  shift(): T | undefined {
    if (this.head >= this.backlog.length) return undefined;
    const t = this.backlog[this.head++];
    // An emptied backlog is dropped, or up to 1024 consumed task pointers (and the array grown by a
    // burst) would stay reachable for as long as the queue is idle.
    if (this.head === this.backlog.length) {
      this.backlog.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.backlog.length) {
      // Compact lazily so shift stays O(1) amortized.
      this.backlog = this.backlog.slice(this.head);
      this.head = 0;
    }
    return t;
  }

  get size(): number {
    return this.backlog.length - this.head;
  }
}

export const queueKey = (ns: string, kind: QueueKind, name: string) => `${ns}\u0000${kind}\u0000${name}`;

/**
 * Task queues keyed by (namespace, kind, name): workflow and activity queues of the same name never mix.
 * Each queue is a backlog plus waiting long polls; a task goes to the first live poller.
 */
export class Matching {
  private queues = new Map<string, Queue<unknown>>();

  /** `wallNow`: real time (poller freshness is real time, also when time is skipped). */
  constructor(private readonly wallNow: () => number) {}

  private queue(key: string): Queue<unknown> {
    let q = this.queues.get(key);
    if (!q) {
      q = new Queue();
      this.queues.set(key, q);
    }
    return q;
  }

  /** Hands the task to a waiting poller, else appends it to the backlog. */
  offer<T>(key: string, task: T): void {
    const q = this.queue(key) as Queue<T>;
    while (q.pollers.length > 0) {
      const p = q.pollers.shift()!;
      if (p.done || p.ctx.signal.aborted) continue;
      const r = p.dispatch(task);
      if (r === null) return; // stale: drop it, the poller keeps waiting
      p.done = true;
      p.resolve(r);
      return;
    }
    q.backlog.push(task);
  }

  /** Long poll: resolves with a dispatched task or null after `timeoutMs` / cancellation. */
  poll<T, R>(key: string, ctx: CallContext, timeoutMs: number, dispatch: Dispatch<T, R>): Promise<R | null> {
    const q = this.queue(key) as Queue<T, R>;
    q.lastPollAt = this.wallNow();
    for (let t = q.shift(); t !== undefined; t = q.shift()) {
      const r = dispatch(t);
      if (r !== null) return Promise.resolve(r);
    }
    return new Promise<R | null>((resolve) => {
      const poller: Poller<T, R> = { dispatch, ctx, done: false, resolve: () => undefined };
      const finish = (r: R | null) => {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const onAbort = () => {
        if (poller.done) return;
        poller.done = true;
        finish(null);
      };
      poller.resolve = finish;
      const timer = setTimeout(onAbort, Math.max(0, timeoutMs));
      ctx.signal.addEventListener('abort', onAbort);
      q.pollers.push(poller);
    });
  }

  /** Ends all waiting polls of a queue with empty replies (ShutdownWorker). */
  releasePollers(key: string): void {
    const q = this.queues.get(key);
    if (!q) return;
    const ps = q.pollers;
    q.pollers = [];
    for (const p of ps) {
      if (!p.done) {
        p.done = true;
        p.resolve(null);
      }
    }
  }

  /** Removes a queue and returns its backlog (to re-route tasks of a dead sticky queue). */
  drain<T>(key: string): T[] {
    const q = this.queues.get(key) as Queue<T> | undefined;
    if (!q) return [];
    const tasks = q.backlog.slice(q.head);
    q.backlog = [];
    q.head = 0;
    if (q.pollers.length === 0) this.queues.delete(key);
    return tasks;
  }

  lastPollAt(key: string): number {
    return this.queues.get(key)?.lastPollAt ?? 0;
  }

  hasPoller(key: string): boolean {
    const q = this.queues.get(key);
    return !!q && q.pollers.some((p) => !p.done && !p.ctx.signal.aborted);
  }

  backlogSize(key: string): number {
    return this.queues.get(key)?.size ?? 0;
  }

  closeAll(): void {
    for (const key of this.queues.keys()) this.releasePollers(key);
    this.queues.clear();
  }
}
