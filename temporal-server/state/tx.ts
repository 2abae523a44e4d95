import type { Run } from './run';
import type { PendingEvent } from '../history/events';
import { lastEventId } from '../history/history-log';
import type { Engine } from './engine';

/**
 * One mutation of one run. Events appended here are committed (encoded, journaled, watchers
 * notified) by `Engine.update` when the mutation returns; `after` effects run after the commit,
 * so cross-run work (children, external signals, task hand-off to pollers) never nests.
 */
export class Tx {
  readonly now: number;
  readonly events: { id: number; e: PendingEvent }[] = [];
  readonly effects: (() => void)[] = [];
  /** While a completion's commands are applied, new workflow tasks are only noted (they go after the command events). */
  inCompletion = false;

  constructor(readonly engine: Engine, readonly run: Run) {
    this.now = engine.clock.now();
  }

  nextEventId(): number {
    return lastEventId(this.run.history) + this.events.length + 1;
  }

  append(e: PendingEvent): number {
    const id = this.nextEventId();
    const l = e.link;
    if (l) {
      if (l.prevAs) e.attrs[l.prevAs] = id - 1;
      const child = l.childStarted ?? l.childClosed;
      const c = child !== undefined ? this.run.children?.get(child) : undefined;
      if (l.childStarted !== undefined && c) c.startedEventId = id;
      if (l.childClosed !== undefined) {
        if (c) e.attrs.startedEventId = c.startedEventId ?? 0;
        this.run.children?.delete(l.childClosed);
      }
      delete e.link;
    }
    this.events.push({ id, e });
    return id;
  }

  /** Externally caused events wait while a workflow task is started (notes §5.2). */
  appendOrBuffer(e: PendingEvent): void {
    if (this.run.wft.state === 'STARTED') (this.run.buffered ??= []).push(e);
    else this.append(e);
  }

  flushBuffer(): void {
    const b = this.run.buffered;
    if (!b) return;
    this.run.buffered = undefined;
    for (const e of b) this.append(e);
  }

  after(fn: () => void): void {
    this.effects.push(fn);
  }
}
