/**
 * JSON that round-trips bytes: payloads are protobufjs Buffers, and `Buffer#toJSON`'s
 * `{type:'Buffer',data:[…]}` is four times larger than base64 and revives as a plain object.
 * A record that itself holds an object whose only key is `$b64` would be revived as bytes; the
 * server's records never do.
 */
const B64 = '$b64';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // `this[key]` is the value before `toJSON` ran, so Buffers are still recognisable here.
  const raw = this[key];
  if (raw instanceof Uint8Array) {
    return { [B64]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b64 = (value as Record<string, unknown>)[B64];
    if (typeof b64 === 'string' && Object.keys(value).length === 1) return Buffer.from(b64, 'base64');
  }
  return value;
}

export function encodeRecord(record: unknown): string {
  const line = JSON.stringify(record, replacer);
  if (line === undefined) throw new TypeError('journal records must be JSON-serialisable values');
  return line;
}

export function decodeRecord<T>(line: string): T {
  return JSON.parse(line, reviver) as T;
}
