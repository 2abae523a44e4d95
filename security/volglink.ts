// The employer's private follow link. Its secret (256 random bits) is what lets anyone holding the link see
// and withdraw the melding, so the database keeps it the way it keeps passwords' equivalents:
//  - `volg_token_hash` (SHA-256) to find the melding when the link is opened;
//  - `volg_token_versleuteld` (AES-256-GCM, key derived from the app secret) to put the link in later mails.
// A database leak alone yields no working link. Outbox rows hold a placeholder, filled in when the mail goes
// out. Should the app secret be lost, existing links keep working; only new mails go without one.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export const VOLGLINK_PLEK = '{{volglink}}';

export const volgTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function volglinkSleutel(geheim: string | Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', geheim, Buffer.alloc(0), 'werkroute/volglink/v1', 32));
}

/** `v1.<iv>.<ciphertext+tag>`, base64url; the melding id is bound in as associated data. */
export function versleutel(sleutel: Buffer, meldingId: string, token: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sleutel, iv);
  c.setAAD(Buffer.from(meldingId));
  const data = Buffer.concat([c.update(token, 'utf8'), c.final(), c.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${data.toString('base64url')}`;
}

/** The token, or undefined when it cannot be read (another secret, damaged value). */
export function ontsleutel(sleutel: Buffer, meldingId: string, waarde: string): string | undefined {
  const [v, iv, data] = waarde.split('.');
  if (v !== 'v1' || !iv || !data) return undefined;
  try {
    const buf = Buffer.from(data, 'base64url');
    const d = createDecipheriv('aes-256-gcm', sleutel, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(meldingId));
    d.setAuthTag(buf.subarray(buf.length - 16));
    return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
