/**
 * A string-keyed map that costs a few words while small (a flat [key, value, …] array) and turns
 * into a Map when large. Idle runs hold one or two timers; a Map per run would cost ~300 bytes.
 */
export type SmallMap<V> = (string | V)[] | Map<string, V>;

const LIMIT = 16;

export function smGet<V>(m: SmallMap<V> | undefined, key: string): V | undefined {
  if (!m) return undefined;
  if (m instanceof Map) return m.get(key);
  for (let i = 0; i < m.length; i += 2) if (m[i] === key) return m[i + 1] as V;
  return undefined;
}

export function smSet<V>(m: SmallMap<V> | undefined, key: string, v: V): SmallMap<V> {
  if (!m) return [key, v];
  if (m instanceof Map) return m.set(key, v);
  for (let i = 0; i < m.length; i += 2) {
    if (m[i] === key) {
      m[i + 1] = v;
      return m;
    }
  }
  if (m.length >= LIMIT * 2) {
    const map = new Map<string, V>();
    for (let i = 0; i < m.length; i += 2) map.set(m[i] as string, m[i + 1] as V);
    return map.set(key, v);
  }
  m.push(key, v);
  return m;
}

/** Returns the container, or undefined once empty. */
export function smDelete<V>(m: SmallMap<V> | undefined, key: string): SmallMap<V> | undefined {
  if (!m) return undefined;
  if (m instanceof Map) {
    m.delete(key);
    return m.size ? m : undefined;
  }
  for (let i = 0; i < m.length; i += 2) {
    if (m[i] === key) {
      m.splice(i, 2);
      break;
    }
  }
  return m.length ? m : undefined;
}

export function smEntries<V>(m: SmallMap<V> | undefined): [string, V][] {
  if (!m) return [];
  if (m instanceof Map) return [...m];
  const out: [string, V][] = [];
  for (let i = 0; i < m.length; i += 2) out.push([m[i] as string, m[i + 1] as V]);
  return out;
}

export function smFromEntries<V>(entries: [string, V][] | undefined): SmallMap<V> | undefined {
  let m: SmallMap<V> | undefined;
  for (const [k, v] of entries ?? []) m = smSet(m, k, v);
  return m;
}
