// Tokens are cut from a pooled buffer of kernel randomness: each must still be 256 fresh bits.
import { describe, expect, it } from 'vitest';
import { isTokenVorm, nieuwApiToken, nieuwSessieToken, nieuwVolgToken } from '../../api/auth/tokens';

describe('tokens', () => {
  it('are 256 bits in base64url, never repeat across pool refills, and carry their prefix', () => {
    const tokens = Array.from({ length: 1000 }, () => nieuwVolgToken());
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // A wiped pool would hand out zeros: no token may be the all-zero one.
    expect(tokens).not.toContain(Buffer.alloc(32).toString('base64url'));
    expect(isTokenVorm(nieuwSessieToken())).toBe(true);
    expect(isTokenVorm(nieuwApiToken())).toBe(true);
    expect(nieuwSessieToken().startsWith('wrs_')).toBe(true);
    expect(nieuwApiToken().startsWith('wrt_')).toBe(true);
  });
});
