import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, totpAt } from './totp.js';

// RFC 6238 appendix B: the seeds are ASCII "1234567890" repeated to the hash's key length.
const SEED = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at %i s', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(totpAt(SEED.sha1, at, 8, 'sha1')).toBe(sha1);
    expect(totpAt(SEED.sha256, at, 8, 'sha256')).toBe(sha256);
    expect(totpAt(SEED.sha512, at, 8, 'sha512')).toBe(sha512);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    expected.forEach((code, counter) => expect(hotp(SEED.sha1, counter)).toBe(code));
  });

  it('round-trips base32 and refuses foreign characters', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret) ?? Buffer.alloc(0))).toBe(secret);
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe(
      'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    );
    expect(base32Decode('abc1')).toBeUndefined();
  });

  it('accepts the current code and one step of drift, not two', () => {
    const secret = newTotpSecret();
    const key = base32Decode(secret) ?? Buffer.alloc(0);
    const now = new Date('2026-03-01T12:00:10Z');
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchTotp(secret, totpAt(key, now), now)).toBe(step);
    expect(matchTotp(secret, totpAt(key, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(key, new Date(now.getTime() - 90_000)), now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', now)).toBeUndefined();
  });
});
