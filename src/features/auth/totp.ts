import crypto from 'node:crypto';

/*
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), as authenticator apps make them:
 * HMAC-SHA1, 30-second steps, 6 digits. Secrets are exchanged in base32 (RFC 4648).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;

/** Encodes bytes as base32 without padding. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case, spaces and padding ignored). @returns undefined for a foreign character */
export function base32Decode(text: string): Buffer | undefined {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return base32Encode(crypto.randomBytes(20));
}

/**
 * The HOTP value for a counter (RFC 4226 section 5.3).
 * @param algorithm sha1 for apps; sha256/sha512 only for the RFC 6238 test vectors
 */
export function hotp(
  key: Buffer,
  counter: number,
  digits = DIGITS,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1',
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

/** The TOTP value at an instant. */
export function totpAt(
  key: Buffer,
  at: Date,
  digits = DIGITS,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1',
): string {
  return hotp(key, Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS), digits, algorithm);
}

/**
 * Checks a code typed by a person, allowing one step of clock drift either way.
 * @param secret base32 secret
 * @returns the TOTP step the code belongs to (to accept each code once), or undefined when it
 *   matches none
 */
export function matchTotp(secret: string, code: string, at: Date): number | undefined {
  const key = base32Decode(secret);
  const typed = code.replace(/\s/g, '');
  if (key === undefined || key.length === 0 || !/^\d{6}$/.test(typed)) return undefined;
  const now = Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
  let matched: number | undefined;
  for (const step of [now - 1, now, now + 1]) {
    const candidate = hotp(key, step);
    // Compare every candidate, in constant time, so that timing does not tell which step matched.
    if (crypto.timingSafeEqual(Buffer.from(candidate), Buffer.from(typed))) matched = step;
  }
  return matched;
}

/** The otpauth:// URL authenticator apps read (usually from a QR code). */
export function otpauthUrl(secret: string, account: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const params = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
