// The payload codec (security/payload-codec.ts): round trip, foreign payloads pass through, rotation, tampering.
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, DefaultFailureConverter, ApplicationFailure, type Payload } from '@temporalio/common';
import { decodeFailure, encodeFailure } from '@temporalio/common/lib/internal-non-workflow';
import { loadConfig } from '../../config';
import { vorigeGeheimen } from '../../security/geheim';
import { codecSleutel, ENCODING, METADATA_KEY_ID, PayloadCodecFout, VersleutelCodec, werkroutePayloadCodec } from '../../security/payload-codec';

const OUD = 'o'.repeat(40);
const NIEUW = 'n'.repeat(40);
const MARKER = 'Vrijetekstmarker-notitie van Zoë';
const json = (v: unknown) => defaultPayloadConverter.toPayload(v)!;
const zichtbaar = (p: Payload) => Buffer.from(JSON.stringify({ m: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString()])), d: Buffer.from(p.data ?? []).toString('latin1') }));

describe('payload codec', () => {
  it('encrypts every payload and gets the same payload back', async () => {
    const codec = werkroutePayloadCodec(NIEUW);
    const invoer = [json({ notities: MARKER, actor: { medewerkerId: '12' } }), json(null), json('x'), defaultPayloadConverter.toPayload(undefined)!];
    const uit = await codec.encode(invoer);
    expect(uit).toHaveLength(4);
    for (const p of uit) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCODING);
      expect(Buffer.from(p.metadata![METADATA_KEY_ID]!).toString()).toBe(codecSleutel(NIEUW).id);
      expect(Object.keys(p.metadata!).sort()).toEqual(['encoding', METADATA_KEY_ID].sort());
      expect(zichtbaar(p).includes('Vrijetekstmarker')).toBe(false);
      expect(zichtbaar(p).includes('json/plain')).toBe(false);
    }
    const terug = await codec.decode(uit);
    expect(terug.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ notities: MARKER, actor: { medewerkerId: '12' } }, null, 'x', undefined]);
    // A fresh IV every time: the same value twice gives two different ciphertexts.
    const [a, b] = await codec.encode([json(MARKER), json(MARKER)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(await codec.encode([])).toEqual([]);
  });

  it('passes payloads it did not make through unchanged (histories recorded before the codec)', async () => {
    const codec = werkroutePayloadCodec(NIEUW);
    const vreemd = [json({ notities: MARKER }), { metadata: { encoding: new TextEncoder().encode('binary/null') } }, { metadata: { encoding: new TextEncoder().encode(ENCODING) }, data: new Uint8Array([1, 2, 3]) }];
    expect(await codec.decode(vreemd)).toEqual(vreemd);
    // Encoding what it already sealed does not seal it twice.
    const [eens] = await codec.encode([json(1)]);
    expect(await codec.encode([eens!])).toEqual([eens]);
  });

  it('after a rotation decrypts with the previous key and encrypts with the new one', async () => {
    const oud = werkroutePayloadCodec(OUD);
    const [vanOud] = await oud.encode([json({ notities: MARKER })]);
    const nieuwZonderVorige = werkroutePayloadCodec(NIEUW);
    await expect(nieuwZonderVorige.decode([vanOud!])).rejects.toThrow(/unknown key.*WERKROUTE_SECRET_VORIGE/);
    const nieuw = werkroutePayloadCodec(NIEUW, [OUD]);
    expect(defaultPayloadConverter.fromPayload((await nieuw.decode([vanOud!]))[0]!)).toEqual({ notities: MARKER });
    const [vanNieuw] = await nieuw.encode([json(2)]);
    expect(Buffer.from(vanNieuw!.metadata![METADATA_KEY_ID]!).toString()).toBe(codecSleutel(NIEUW).id);
    await expect(oud.decode([vanNieuw!])).rejects.toThrow(PayloadCodecFout);
    expect(codecSleutel(OUD).id).not.toBe(codecSleutel(NIEUW).id);
  });

  it('refuses a changed ciphertext, a changed key id and a payload sealed under another key with the same id', async () => {
    const codec = werkroutePayloadCodec(NIEUW, [OUD]);
    const [p] = await codec.encode([json({ notities: MARKER })]);
    for (const i of [0, 13, p!.data!.length - 1]) {
      const data = new Uint8Array(p!.data!);
      data[i] = data[i]! ^ 0x01;
      await expect(codec.decode([{ ...p!, data }])).rejects.toThrow(/failed authentication/);
    }
    await expect(codec.decode([{ ...p!, data: p!.data!.subarray(0, 20) }])).rejects.toThrow(PayloadCodecFout);
    // The id names the key and is bound in: relabelling a payload with the previous key's id fails too.
    const herlabeld = { ...p!, metadata: { ...p!.metadata, [METADATA_KEY_ID]: new TextEncoder().encode(codecSleutel(OUD).id) } };
    await expect(codec.decode([herlabeld])).rejects.toThrow(/failed authentication/);
    const vals = new VersleutelCodec([{ id: codecSleutel(NIEUW).id, sleutel: Buffer.alloc(32, 7) }]);
    await expect(vals.decode([p!])).rejects.toThrow(/failed authentication/);
  });

  it('with the failure converter a failure keeps no readable message or stack, and reads back whole', async () => {
    const codec = werkroutePayloadCodec(NIEUW);
    const fc = new DefaultFailureConverter({ encodeCommonAttributes: true });
    const failure = fc.errorToFailure(ApplicationFailure.create({ type: 'SMTP', message: `550 <${'zoe.marker@voorbeeld.nl'}> rejected` }), defaultPayloadConverter);
    const versleuteld = await encodeFailure([codec], failure);
    expect(versleuteld.message).toBe('Encoded failure');
    expect(JSON.stringify(versleuteld)).not.toContain('zoe.marker');
    expect(Buffer.from(versleuteld.encodedAttributes!.data!).toString('latin1')).not.toContain('zoe.marker');
    const err = fc.failureToError(await decodeFailure([codec], versleuteld), defaultPayloadConverter);
    expect(err.message).toBe('550 <zoe.marker@voorbeeld.nl> rejected');
    expect((err as ApplicationFailure).type).toBe('SMTP');
  });

  it('WERKROUTE_SECRET_VORIGE: one previous secret or several, one per line; too short ones refused without the value', () => {
    expect(loadConfig({ WERKROUTE_SECRET_VORIGE: OUD }).werkrouteSecretVorige).toBe(OUD);
    expect(loadConfig({}).werkrouteSecretVorige).toBeUndefined();
    expect(vorigeGeheimen(undefined)).toEqual([]);
    expect(vorigeGeheimen(` ${OUD}\n\n${NIEUW} \n`)).toEqual([OUD, NIEUW]);
    expect(() => vorigeGeheimen(`${OUD}\nkort-geheim`)).toThrow(expect.objectContaining({ message: expect.not.stringContaining('kort-geheim') }));
    expect(() => vorigeGeheimen('kort-geheim')).toThrow(/at least 32/);
  });
});
