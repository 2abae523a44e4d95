import { createRequire } from 'node:module';
import { gunzipSync, inflateSync, type ZlibOptions } from 'node:zlib';

/**
 * Temporal's Core SDK (the worker) gzips every request it sends. grpc-js inflates each one through a
 * zlib stream, which goes through libuv's thread pool and back: on a 2-core machine that hop dominated
 * the server's share of a workflow task round trip (bench: update round trip). Requests here are small,
 * so a synchronous inflate on the event loop is cheaper and just as correct. The size bound and the
 * status codes are the ones grpc-js itself reports.
 *
 * This replaces one method of a grpc-js class that is exported but not part of its typed API; the
 * test `tests/temporal-server/sync-gunzip.test.ts` fails if a grpc-js upgrade moves it.
 */
interface InterceptingCall {
  maxReceiveMessageSize: number;
  decompressMessage(message: Buffer, encoding: string): Buffer | Promise<Buffer>;
}

const RESOURCE_EXHAUSTED = 8;
/** zlib's smallest chunk. */
const CHUNK_MIN = 64;
/** A sender states the size itself, so it only sizes the first chunk up to this; zlib adds chunks as needed. */
const CHUNK_MAX = 64 * 1024;
const INTERNAL = 13;
let installed = false;

export function installSyncGunzip(): boolean {
  if (installed) return true;
  const require = createRequire(import.meta.url);
  let proto: InterceptingCall | undefined;
  try {
    // An internal module of grpc-js: its shape is checked below before anything is patched.
    const interceptors = require('@grpc/grpc-js/build/src/server-interceptors') as { BaseServerInterceptingCall?: { prototype: InterceptingCall } };
    proto = interceptors.BaseServerInterceptingCall?.prototype;
  } catch {
    return false;
  }
  if (!proto || typeof proto.decompressMessage !== 'function') return false;
  const streaming = proto.decompressMessage;
  proto.decompressMessage = function (this: InterceptingCall, message: Buffer, encoding: string) {
    if (encoding !== 'gzip' && encoding !== 'deflate') return streaming.call(this, message, encoding);
    const limit = this.maxReceiveMessageSize;
    try {
      const body = message.subarray(5);
      const opts: ZlibOptions = limit > 0 ? { maxOutputLength: limit } : {};
      if (encoding === 'gzip') {
        // zlib's default output chunk is 16 KiB, allocated afresh per call; requests are mostly a few hundred
        // bytes. A gzip member ends with its uncompressed size (mod 2^32), so one chunk of that size suffices.
        const size = body.length >= 18 ? body.readUInt32LE(body.length - 4) : 0;
        if (size > 0 && size <= CHUNK_MAX) opts.chunkSize = Math.max(CHUNK_MIN, size);
        return gunzipSync(body, opts);
      }
      return inflateSync(body, opts);
    } catch (err) {
      const tooLarge = (err as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE';
      return Promise.reject(
        tooLarge
          ? { code: RESOURCE_EXHAUSTED, details: `Received message that decompresses to a size larger than ${limit}` }
          : { code: INTERNAL, details: 'Failed to decompress message' },
      );
    }
  };
  installed = true;
  return true;
}
