import type { Engine } from '../state/engine';
import { isOpen, type Run } from '../state/run';
import { offerWft } from './workflow-task';
import { offerActivity } from './activity';
import { returnSentUpdates } from './update';
import { ksValues } from '../state/small-map';

/**
 * After a restart: re-take time-skipping locks, re-arm every timer from its absolute deadline and
 * re-queue scheduled tasks. Started tasks stay started: the worker that holds them may still
 * complete them (tokens are stable); their timeouts take over otherwise.
 */
export function rearmRun(engine: Engine, run: Run): void {
  if (!isOpen(run)) return;
  engine.update(run, (tx) => {
    // Sticky workers may be gone; full history on the normal queue is always safe.
    run.sticky = undefined;
    const w = run.wft;
    if (w.state !== 'NONE') {
      run.locked = true;
      engine.lock('wft');
    }
    if (w.state === 'SCHEDULED') offerWft(tx);
    if (w.state === 'STARTED') engine.arm(run, 'wft-timeout', w.startedTime + run.wftTimeoutMs, 'wft-timeout', String(w.startedEventId));
    if (run.startBackoffAt !== undefined) engine.arm(run, 'start-backoff', run.startBackoffAt, 'start-backoff');
    if (run.runDeadline !== undefined) engine.arm(run, 'run-timeout', run.runDeadline, 'run-timeout');
    for (const t of ksValues(run.timers)) engine.armEntry(t);
    for (const act of run.activities?.values() ?? []) {
      const arg = `${act.seid}:${act.attempt}`;
      act.locked = act.state !== 'BACKOFF';
      if (act.locked) engine.lock('activity');
      if (act.s2cAt !== undefined) engine.arm(run, `a${act.seid}:s2c`, act.s2cAt, 'act-s2c', String(act.seid));
      if (act.state === 'SCHEDULED') {
        if (act.s2sAt !== undefined) engine.arm(run, `a${act.seid}:s2s`, act.s2sAt, 'act-s2s', arg);
        offerActivity(tx, act);
      } else if (act.state === 'STARTED') {
        if (act.stcAt !== undefined) engine.arm(run, `a${act.seid}:stc`, act.stcAt, 'act-stc', arg);
        if (act.hbAt !== undefined) engine.arm(run, `a${act.seid}:hb`, act.hbAt, 'act-hb', arg);
      } else if (act.backoffAt !== undefined) {
        engine.arm(run, `a${act.seid}:backoff`, act.backoffAt, 'act-backoff', arg);
      }
    }
    for (const c of run.children?.values() ?? []) {
      // TODO(conformance): a child start interrupted by the crash is not retried.
      c.locked = false;
    }
    if (w.state !== 'STARTED') returnSentUpdates(tx);
  });
}
