/**
 * A set of values keyed by their own `key` that costs nothing extra while it holds one value (the
 * value itself), a plain array while small, and a Map when large. Idle runs hold one timer; a Map
 * per run would cost ~300 bytes, a [key, value] array ~64.
 */
export type KeyedSet<V extends { readonly key: string }> = V | V[] | Map<string, V>;

const LIMIT = 16;

export function ksGet<V extends { readonly key: string }>(m: KeyedSet<V> | undefined, key: string): V | undefined {
  if (!m) return undefined;
  if (m instanceof Map) return m.get(key);
  if (!Array.isArray(m)) return m.key === key ? m : undefined;
  for (const v of m) if (v.key === key) return v;
  return undefined;
}

/** Adds or replaces the value with `v.key`; returns the container to store. */
export function ksSet<V extends { readonly key: string }>(m: KeyedSet<V> | undefined, v: V): KeyedSet<V> {
  if (!m) return v;
  if (m instanceof Map) return m.set(v.key, v);
  if (!Array.isArray(m)) return m.key === v.key ? v : [m, v];
  const i = m.findIndex((x) => x.key === v.key);
  if (i >= 0) {
    m[i] = v;
    return m;
  }
  if (m.length >= LIMIT) {
    const map = new Map<string, V>();
    for (const x of m) map.set(x.key, x);
    return map.set(v.key, v);
  }
  m.push(v);
  return m;
}

/** Returns the container, or undefined once empty. */
export function ksDelete<V extends { readonly key: string }>(m: KeyedSet<V> | undefined, key: string): KeyedSet<V> | undefined {
  if (!m) return undefined;
  if (m instanceof Map) {
    m.delete(key);
    return m.size ? m : undefined;
  }
  if (!Array.isArray(m)) return m.key === key ? undefined : m;
  const i = m.findIndex((x) => x.key === key);
  if (i >= 0) m.splice(i, 1);
  if (m.length === 1) return m[0];
  return m.length ? m : undefined;
}

export function ksValues<V extends { readonly key: string }>(m: KeyedSet<V> | undefined): V[] {
  if (!m) return [];
  if (m instanceof Map) return [...m.values()];
  return Array.isArray(m) ? [...m] : [m];
}
