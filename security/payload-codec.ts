// Everything the app hands to Temporal — workflow and update inputs and results, activity inputs and results,
// query answers, signals, heartbeats, failure details — is encrypted before it leaves the process, so the
// history Temporal keeps (our embedded server's schema `temporal`, or a real cluster and its UI) holds no
// readable personal data or free text (issue #12; README "Privacy (AVG)" and "Security").
//
// A Temporal PayloadCodec: it sits between the SDK's payload converter (JSON) and the wire, and runs in the
// client and in the worker's main thread, never inside the workflow sandbox, so it may use node:crypto and the
// workflow code stays deterministic (a replay decodes the recorded payloads to the same values).
//
//  - Encode: the whole Payload (metadata and data, as protobuf) is sealed with AES-256-GCM under the current
//    key, random 96-bit IV; the result carries only `encoding: binary/encrypted` and the key's id
//    (`encryption-key-id`). The key id and encoding are bound in as associated data.
//  - Decode: a payload this codec made is opened with the key named by its id (current or previous, see
//    rotation); an unknown id or a payload that fails authentication (changed, or made with another key) is
//    refused. Payloads it did not make — histories recorded before the codec — pass through unchanged, so they
//    still replay and read.
//  - Keys: derived with HKDF-SHA256 from the app secret (./geheim.ts), info 'werkroute/payload-codec/v1', apart
//    from the step-signing and follow-link keys. The key id is a second HKDF output: it names a key without
//    revealing it. Rotation: encrypt with the first key, decrypt with any of the list (WERKROUTE_SECRET_VORIGE).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import protoModule from '@temporalio/proto';

const { Payload: PayloadProto } = protoModule.temporal.api.common.v1;

export const ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecSleutel {
  /** Public name of the key (hex), stored with every payload it encrypted. */
  id: string;
  sleutel: Buffer;
}

/** The codec key of an app secret, with its id. */
export function codecSleutel(geheim: string | Buffer): CodecSleutel {
  const sleutel = Buffer.from(hkdfSync('sha256', geheim, Buffer.alloc(0), 'werkroute/payload-codec/v1', 32));
  const id = Buffer.from(hkdfSync('sha256', geheim, Buffer.alloc(0), 'werkroute/payload-codec/v1/key-id', 8)).toString('hex');
  return { id, sleutel };
}

export class PayloadCodecFout extends Error {
  override name = 'PayloadCodecFout';
}

const tekst = (s: string) => new TextEncoder().encode(s);
const leesMeta = (p: Payload, k: string): string | undefined => {
  const v = p.metadata?.[k];
  return v ? Buffer.from(v).toString('utf8') : undefined;
};

export class VersleutelCodec implements PayloadCodec {
  private readonly huidig: CodecSleutel;
  private readonly opId: Map<string, Buffer>;

  /** `sleutels[0]` encrypts; every one of them decrypts (rotation: the current first, then the previous). */
  constructor(sleutels: readonly CodecSleutel[]) {
    if (sleutels.length === 0) throw new PayloadCodecFout('payload codec: at least one key');
    for (const s of sleutels) if (s.sleutel.length !== 32) throw new PayloadCodecFout('payload codec: keys are 32 bytes');
    this.huidig = sleutels[0]!;
    this.opId = new Map(sleutels.map((s) => [s.id, s.sleutel]));
  }

  get sleutelId(): string {
    return this.huidig.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.versleutel(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.ontsleutel(p));
  }

  private versleutel(p: Payload): Payload {
    // Already sealed (e.g. a payload passed on unchanged): sealing twice would only cost.
    if (leesMeta(p, 'encoding') === ENCODING && leesMeta(p, METADATA_KEY_ID)) return p;
    const { id, sleutel } = this.huidig;
    const iv = randomBytes(IV_BYTES);
    const c = createCipheriv('aes-256-gcm', sleutel, iv);
    c.setAAD(aad(id));
    const klaar = Buffer.from(PayloadProto.encode(PayloadProto.create(p)).finish());
    const data = Buffer.concat([iv, c.update(klaar), c.final(), c.getAuthTag()]);
    return { metadata: { encoding: tekst(ENCODING), [METADATA_KEY_ID]: tekst(id) }, data: new Uint8Array(data) };
  }

  private ontsleutel(p: Payload): Payload {
    if (leesMeta(p, 'encoding') !== ENCODING) return p; // not ours: recorded before the codec
    const id = leesMeta(p, METADATA_KEY_ID);
    if (!id) return p; // binary/encrypted of some other codec: not ours to open
    const sleutel = this.opId.get(id);
    if (!sleutel) throw new PayloadCodecFout(`payload encrypted with an unknown key (id ${id}); configure the secret it was made with as WERKROUTE_SECRET_VORIGE`);
    const data = Buffer.from(p.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadCodecFout('encrypted payload is too short');
    try {
      const d = createDecipheriv('aes-256-gcm', sleutel, data.subarray(0, IV_BYTES));
      d.setAAD(aad(id));
      d.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const open = Buffer.concat([d.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), d.final()]);
      const q = PayloadProto.decode(open);
      return { metadata: q.metadata ?? {}, data: q.data ?? new Uint8Array() };
    } catch {
      throw new PayloadCodecFout(`encrypted payload failed authentication (key id ${id}): changed, or not made with this key`);
    }
  }
}

const aad = (id: string) => Buffer.from(`${ENCODING};${id}`, 'utf8');

/** The codec of the app secret and, during a rotation, the previous secrets (decrypt only). */
export function werkroutePayloadCodec(geheim: string | Buffer, vorige: readonly (string | Buffer)[] = []): VersleutelCodec {
  return new VersleutelCodec([codecSleutel(geheim), ...vorige.filter((v) => v !== '').map((v) => codecSleutel(v))]);
}

/**
 * The failure converter every client and worker uses: failure messages and stack traces go into the encoded
 * attributes (a payload, so the codec encrypts them); Temporal keeps only "Encoded failure" readable. A plain
 * CommonJS file: the SDK require()s it and bundles it into the workflow sandbox.
 */
export const FAILURE_CONVERTER_PATH = new URL('./failure-converter.cjs', import.meta.url).pathname;

/** The DataConverter for Client, Worker.create and Worker.runReplayHistories. */
export function werkrouteDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
