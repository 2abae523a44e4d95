import type { ClockEntry } from './clock';

/** One pending timer. `index` is its slot in the heap (-1 once it left), so cancel is O(log n). */
export type TimerEntry = ClockEntry;

/**
 * A heap entry that is also the caller's `TimerHandle`: one object per timer and no closure,
 * which matters when a jump fires 100k of them.
 */
export class HeapTimer implements TimerEntry {
  index = -1;
  seq = 0;
  constructor(
    readonly atMs: number,
    readonly callback: () => void,
    readonly label: string,
    private readonly heap: TimerHeap,
  ) {}

  fire(): void {
    this.callback();
  }

  cancel(): void {
    this.heap.remove(this);
  }
}

const before = (a: TimerEntry, b: TimerEntry) => a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);

/**
 * Binary min-heap ordered by (atMs, seq). Cancelled timers are removed at once rather than
 * tombstoned: the server cancels most of its timers (activity and task timeouts), and tombstones
 * of far-future timers would pile up for the life of the process.
 */
export class TimerHeap {
  private readonly items: TimerEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  push(entry: TimerEntry): void {
    entry.index = this.items.length;
    this.items.push(entry);
    this.up(entry.index);
  }

  pop(): TimerEntry | undefined {
    const top = this.items[0];
    if (top) this.removeAt(0);
    return top;
  }

  remove(entry: TimerEntry): boolean {
    const i = entry.index;
    if (i < 0 || this.items[i] !== entry) return false;
    this.removeAt(i);
    return true;
  }

  clear(): void {
    for (const e of this.items) e.index = -1;
    this.items.length = 0;
  }

  /** Snapshot for diagnostics, earliest first. */
  sorted(): TimerEntry[] {
    return [...this.items].sort((a, b) => (before(a, b) ? -1 : 1));
  }

  private removeAt(i: number): void {
    const items = this.items;
    const removed = items[i]!;
    const last = items.pop()!;
    removed.index = -1;
    if (i === items.length) return;
    items[i] = last;
    last.index = i;
    // The moved element may belong above or below its new slot.
    if (i > 0 && before(last, items[(i - 1) >> 1]!)) this.up(i);
    else this.down(i);
  }

  private up(i: number): void {
    const items = this.items;
    const e = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p]!;
      if (!before(e, parent)) break;
      items[i] = parent;
      parent.index = i;
      i = p;
    }
    items[i] = e;
    e.index = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const e = items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(items[r]!, items[l]!) ? r : l;
      const child = items[c]!;
      if (!before(child, e)) break;
      items[i] = child;
      child.index = i;
      i = c;
    }
    items[i] = e;
    e.index = i;
  }
}
