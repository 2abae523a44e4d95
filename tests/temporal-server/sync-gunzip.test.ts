import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTemporalServer, type RunningTemporalServer } from '../../temporal-server';
import { installSyncGunzip } from '../../temporal-server/rpc/sync-gunzip';

const require = createRequire(import.meta.url);
const proto = require('@grpc/grpc-js/build/src/server-interceptors').BaseServerInterceptingCall.prototype;
const framed = (body: Buffer) => Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), body]);

describe('synchronous inflate of gzip requests (Core compresses every request)', () => {
  let server: RunningTemporalServer;
  beforeAll(async () => {
    server = await startTemporalServer({ port: 0 });
  });
  afterAll(() => server.stop());

  it('is installed on the grpc-js class the server uses (fails if a grpc-js upgrade moves it)', () => {
    expect(installSyncGunzip()).toBe(true);
    const out = proto.decompressMessage.call({ maxReceiveMessageSize: 1024 }, framed(gzipSync(Buffer.from('hallo'))), 'gzip');
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.toString()).toBe('hallo');
  });

  it('inflates bodies smaller and larger than the chunk sized from the gzip trailer', () => {
    const inflate = (b: Buffer) => proto.decompressMessage.call({ maxReceiveMessageSize: 4 << 20 }, framed(gzipSync(b)), 'gzip') as Buffer;
    for (const size of [0, 1, 63, 700, 16 * 1024 + 1, 200 * 1024]) {
      const body = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7919) % 251));
      expect(inflate(body).equals(body), `size ${size}`).toBe(true);
    }
  });

  it('refuses a body that inflates past the receive limit with RESOURCE_EXHAUSTED, and garbage with INTERNAL', async () => {
    const big = framed(gzipSync(Buffer.alloc(4096, 'a')));
    await expect(proto.decompressMessage.call({ maxReceiveMessageSize: 100 }, big, 'gzip')).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    await expect(proto.decompressMessage.call({ maxReceiveMessageSize: 100 }, framed(Buffer.from('geen gzip')), 'gzip')).rejects.toMatchObject({
      code: grpc.status.INTERNAL,
    });
  });

  it('a gzip-compressing client (as Core is) gets real answers from the server', async () => {
    const client = new grpc.Client(server.address, grpc.credentials.createInsecure(), { 'grpc.default_compression_algorithm': 2 });
    const call = <T>(method: string, body: Buffer) =>
      new Promise<T>((resolve, reject) =>
        client.makeUnaryRequest(method, (b: Buffer) => b, (b: Buffer) => b as unknown as T, body, (err, res) => (err ? reject(err) : resolve(res!))),
      );
    try {
      // DescribeNamespace { namespace: "default" } (field 1, string) → a non-empty DescribeNamespaceResponse
      const req = Buffer.concat([Buffer.from([0x0a, 7]), Buffer.from('default')]);
      const res = await call<Buffer>('/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace', req);
      expect(res.includes(Buffer.from('default'))).toBe(true);
    } finally {
      client.close();
    }
  });
});
