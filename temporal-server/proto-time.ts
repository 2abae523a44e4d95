/**
 * `google.protobuf.Duration` / `Timestamp` as protobufjs hands them over (`toObject` with longs as
 * numbers). Strings and Long-like objects are accepted too, because a caller decoding with other
 * options must not silently get NaN.
 */
export interface ProtoDuration {
  seconds?: number | string | LongLike | null;
  nanos?: number | null;
}
export type ProtoTimestamp = ProtoDuration;

interface LongLike {
  low: number;
  high: number;
  unsigned?: boolean;
}

const MS_PER_S = 1000;
const NS_PER_MS = 1_000_000;
const NS_PER_S = 1_000_000_000;

function longToNumber(v: ProtoDuration['seconds']): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(v);
  return v.unsigned ? (v.high >>> 0) * 2 ** 32 + (v.low >>> 0) : v.high * 2 ** 32 + (v.low >>> 0);
}

function toMs(d: ProtoDuration): number {
  return longToNumber(d.seconds) * MS_PER_S + (d.nanos ?? 0) / NS_PER_MS;
}

/** Absent (null/undefined) stays absent: proto3 distinguishes "unset" from zero for these messages. */
export function durationToMs(d: ProtoDuration): number;
export function durationToMs(d: ProtoDuration | null | undefined): number | undefined;
export function durationToMs(d: ProtoDuration | null | undefined): number | undefined {
  return d ? toMs(d) : undefined;
}

export function timestampToMs(t: ProtoTimestamp): number;
export function timestampToMs(t: ProtoTimestamp | null | undefined): number | undefined;
export function timestampToMs(t: ProtoTimestamp | null | undefined): number | undefined {
  return t ? toMs(t) : undefined;
}

/** Duration rule: seconds and nanos carry the same sign. */
export function msToDuration(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.trunc(ms / MS_PER_S);
  const nanos = Math.round((ms - seconds * MS_PER_S) * NS_PER_MS);
  return normalize(seconds, nanos, true);
}

/** Timestamp rule: nanos is always in [0, 1e9), also before 1970. */
export function msToTimestamp(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / MS_PER_S);
  const nanos = Math.round((ms - seconds * MS_PER_S) * NS_PER_MS);
  return normalize(seconds, nanos, false);
}

// Rounding can push nanos to exactly ±1e9; carry it into seconds so the message stays valid.
function normalize(seconds: number, nanos: number, signed: boolean): { seconds: number; nanos: number } {
  if (nanos >= NS_PER_S) return { seconds: seconds + 1, nanos: nanos - NS_PER_S };
  if (signed && nanos <= -NS_PER_S) return { seconds: seconds - 1, nanos: nanos + NS_PER_S };
  // `|| 0` turns -0 into 0, which encodes identically but compares equal in tests.
  return { seconds: seconds || 0, nanos: nanos || 0 };
}
