// Rotating session codes in the browser: RFC 4226 HOTP / RFC 6238 TOTP with HMAC-SHA1 via
// Web Crypto, so the coach's phone shows the right code with no network. Must agree exactly
// with webapp/services/session_codes.py (8-byte big-endian counter, dynamic truncation).

export const STEP_S = 30;
export const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Base32 (RFC 4648) to bytes, tolerating lower case, spaces and missing padding.
export function decodeBase32(secret) {
  const clean = secret.replace(/[\s=]/g, '').toUpperCase();
  const bytes = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error('secret is not valid base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

const keys = new Map();

function importKey(secret) {
  if (!keys.has(secret)) {
    keys.set(secret, crypto.subtle.importKey('raw', decodeBase32(secret),
                                             { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']));
  }
  return keys.get(secret);
}

// HOTP value of `counter` (a non-negative integer below 2^53), zero-padded to `digits`.
export async function hotp(secret, counter, digits = DIGITS) {
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter % 2 ** 32);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await importKey(secret),
                                                      message.buffer));
  const offset = mac[mac.length - 1] & 0x0f;
  const value = ((mac[offset] & 0x7f) * 2 ** 24) + (mac[offset + 1] << 16)
    + (mac[offset + 2] << 8) + mac[offset + 3];
  return String(value % 10 ** digits).padStart(digits, '0');
}

// The TOTP step of a time in milliseconds since the epoch.
export function stepOf(ms, step = STEP_S) {
  return Math.floor(ms / 1000 / step);
}

// The code the coach shows at time `ms` (milliseconds since the epoch).
export function codeAt(secret, ms, step = STEP_S, digits = DIGITS) {
  return hotp(secret, stepOf(ms, step), digits);
}
