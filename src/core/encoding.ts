/**
 * Base64 (RFC 4648 §4), base64url (§5), UTF-8 (RFC 3629) and ISO-8859-1 codecs. The core's
 * lib (ES2023) has no `TextDecoder`, so the UTF-8 decoder is written here too; where the
 * runtime has one (every browser, Node, Deno, Bun) it does the bytes-to-string step for all
 * but the shortest inputs, which is 5-15x faster than `String.fromCharCode.apply` on a
 * few hundred bytes. Both give the same strings and refuse the same bytes (tested).
 * Decoders never throw: invalid input gives `undefined`.
 */

import { registerRememberedValues } from './remembered-values';

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function table(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}

const STD_TABLE = table(STD);
const URL_TABLE = table(URL_SAFE);

/** Grows on demand; reused so decoding a header allocates only the result. */
let scratch = new Uint8Array(1024);

/**
 * The scratch buffers keep the bytes last decoded (a Basic password, a JWT's claims) until the
 * next decode overwrites them: they count as remembered values, wiped with the others.
 */
let scratchUsed = false;
registerRememberedValues({
  forget() {
    if (!scratchUsed) return;
    scratch.fill(0);
    units.fill(0);
    scratchUsed = false;
  },
  size: () => (scratchUsed ? 1 : 0),
});

/** The OR of every byte the last `decodeSextets` wrote: bit 7 set means non-ASCII. */
let highBits = 0;

/**
 * Decodes the sextets of `s[start, end)` (no padding in that range) with `t` into `scratch`.
 * Returns the byte count, or -1 when a character is outside the alphabet or the length is
 * impossible (4n+1). `canonical` is cleared when the unused trailing bits are not zero.
 */
function decodeSextets(s: string, start: number, end: number, t: Int16Array): number {
  const len = end - start;
  const rem = len & 3;
  if (rem === 1) return -1;
  const size = (len >> 2) * 3 + (rem === 0 ? 0 : rem - 1);
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  scratchUsed = true;
  const out = scratch;
  let o = 0;
  let i = start;
  let bits = 0;
  const full = end - rem;
  while (i < full) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) return -1;
    const a = t[c0] as number;
    const b = t[c1] as number;
    const c = t[c2] as number;
    const d = t[c3] as number;
    if ((a | b | c | d) < 0) return -1;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bits |= n;
    out[o] = n >> 16;
    out[o + 1] = (n >> 8) & 255;
    out[o + 2] = n & 255;
    o += 3;
    i += 4;
  }
  if (rem > 0) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = rem === 3 ? s.charCodeAt(i + 2) : 65; // 'A' = 0
    if ((c0 | c1 | c2) > 127) return -1;
    const a = t[c0] as number;
    const b = t[c1] as number;
    const c = t[c2] as number;
    if ((a | b | c) < 0) return -1;
    const n = (a << 18) | (b << 12) | (c << 6);
    bits |= n & (rem === 3 ? 0xffff00 : 0xff0000);
    out[o++] = n >> 16;
    if (rem === 3) out[o++] = (n >> 8) & 255;
  }
  // Bit 7 of each of the three bytes, folded into one byte's bit 7.
  highBits = (bits | (bits >> 8) | (bits >> 16)) & 0x80;
  return o;
}

/**
 * Strict base64 (RFC 4648 §4): the standard alphabet, `=` padding to a multiple of 4 and
 * nowhere else. `undefined` for anything else.
 */
export function decodeBase64(s: string): Uint8Array | undefined {
  if ((s.length & 3) !== 0) return undefined;
  let end = s.length;
  if (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  const n = decodeSextets(s, 0, end, STD_TABLE);
  return n < 0 ? undefined : scratch.slice(0, n);
}

/**
 * Lenient base64: the standard alphabet with padding optional (but, when present, correct
 * for the length). Used where senders commonly drop padding. `undefined` for anything else.
 */
export function decodeBase64Lenient(s: string): Uint8Array | undefined {
  let end = s.length;
  let pad = 0;
  while (end > 0 && s.charCodeAt(end - 1) === 61 && pad < 2) {
    end--;
    pad++;
  }
  if (pad > 0 && ((end + pad) & 3) !== 0) return undefined;
  const n = decodeSextets(s, 0, end, STD_TABLE);
  return n < 0 ? undefined : scratch.slice(0, n);
}

/** Strict base64url (RFC 4648 §5, as JOSE uses it, RFC 7515 §2): no padding, no `+` or `/`. */
export function decodeBase64Url(s: string): Uint8Array | undefined {
  const n = decodeSextets(s, 0, s.length, URL_TABLE);
  return n < 0 ? undefined : scratch.slice(0, n);
}

/**
 * Strict base64url straight to text: the bytes must be valid UTF-8. `undefined` when the
 * base64url or the UTF-8 is invalid. The fast path for JWT segments.
 */
export function decodeBase64UrlToString(s: string, start = 0, end = s.length): string | undefined {
  const n = decodeSextets(s, start, end, URL_TABLE);
  if (n < 0) return undefined;
  if (highBits === 0) return ascii(scratch, 0, n);
  return utf8(scratch, 0, n);
}

/** Only base64url characters (anchored: V8 runs it as one tight loop). */
const BASE64URL_ONLY = /^[A-Za-z0-9_-]*$/;

/** From this length on, a native regex scan beats a charCodeAt loop (about 2x on a signature). */
const REGEX_SCAN_MIN = 32;

/** True when `s[start, end)` is non-empty and only base64url characters (no padding). */
export function isBase64UrlChars(s: string, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  if (end - start >= REGEX_SCAN_MIN) return BASE64URL_ONLY.test(s.slice(start, end));
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || (URL_TABLE[c] as number) < 0) return false;
  }
  return true;
}

/** True when every character of `s` is in the standard base64 alphabet or `=`. */
export function isBase64Chars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 61 && (c > 127 || (STD_TABLE[c] as number) < 0)) return false;
  }
  return true;
}

const CHUNK = 4096;

/** Code units to a string, in chunks so `apply` never meets the engine's argument limit. */
function fromCodes(units: Uint8Array | Uint16Array, start: number, end: number): string {
  if (end - start <= CHUNK) {
    return String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  }
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    const j = Math.min(i + CHUNK, end);
    out += String.fromCharCode.apply(null, units.subarray(i, j) as unknown as number[]);
  }
  return out;
}

/** The part of `TextDecoder` used here (the core's lib has no DOM or Node types). */
interface Utf8Decoder {
  decode(input: Uint8Array): string;
}
type Utf8DecoderClass = new (
  label: 'utf-8',
  options: { fatal: boolean; ignoreBOM: boolean },
) => Utf8Decoder;

/**
 * The runtime's strict UTF-8 decoder, when it has one. `fatal`: invalid UTF-8 throws instead
 * of becoming U+FFFD (the same bytes `utf8Js` refuses: overlongs, surrogates, > U+10FFFF,
 * truncated sequences); `ignoreBOM`: a leading U+FEFF is kept, as `utf8Js` keeps it.
 */
const nativeUtf8: Utf8Decoder | undefined = (() => {
  const TextDecoderClass = (globalThis as { TextDecoder?: Utf8DecoderClass }).TextDecoder;
  if (typeof TextDecoderClass !== 'function') return undefined;
  try {
    return new TextDecoderClass('utf-8', { fatal: true, ignoreBOM: true });
  } catch {
    return undefined;
  }
})();

/** Below this many bytes a JS loop beats the native decoder's call overhead. */
const NATIVE_MIN = 12;

/** `bytes[start, end)`, all < 0x80, as a string. */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > NATIVE_MIN && nativeUtf8 !== undefined) {
    return nativeUtf8.decode(view(bytes, start, end));
  }
  return asciiJs(bytes, start, end);
}

/**
 * `bytes[start, end)` without a new view when that is all of `bytes`: a view of a small typed
 * array makes V8 move its bytes off the heap first, which cost more than the decoding.
 */
function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
}

function asciiJs(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > NATIVE_MIN) return fromCodes(bytes, start, end);
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

/** Strict UTF-8 of `bytes[start, end)`: overlongs, surrogates and > U+10FFFF are invalid. */
function utf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start > NATIVE_MIN && nativeUtf8 !== undefined) {
    try {
      return nativeUtf8.decode(view(bytes, start, end));
    } catch {
      return undefined;
    }
  }
  return utf8Js(bytes, start, end);
}

let units = new Uint16Array(1024);

/** The portable strict UTF-8 decoder (no `TextDecoder`), same contract as `utf8`. */
function utf8Js(bytes: Uint8Array, start: number, end: number): string | undefined {
  let i = start;
  while (i < end && (bytes[i] as number) < 128) i++;
  if (i === end) return asciiJs(bytes, start, end);
  if (units.length < end - start) units = new Uint16Array(Math.max(end - start, units.length * 2));
  scratchUsed = true;
  const u = units;
  let o = 0;
  for (let k = start; k < i; k++) u[o++] = bytes[k] as number;
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      u[o++] = b0;
      i++;
      continue;
    }
    let cp: number;
    let need: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      need = 3;
      min = 0x10000;
    } else {
      return undefined;
    }
    if (i + need >= end) return undefined;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k] as number;
      if ((b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    if (cp >= 0x10000) {
      const v = cp - 0x10000;
      u[o++] = 0xd800 | (v >> 10);
      u[o++] = 0xdc00 | (v & 0x3ff);
    } else {
      u[o++] = cp;
    }
    i += need + 1;
  }
  return fromCodes(u, 0, o);
}

/** Strict UTF-8 decoding; `undefined` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  return utf8(bytes, 0, bytes.length);
}

/**
 * The same as `decodeUtf8` without the runtime's `TextDecoder`: what runs where there is
 * none. Exported so tests can hold both decoders to the same answers.
 */
export function decodeUtf8Portable(bytes: Uint8Array): string | undefined {
  return utf8Js(bytes, 0, bytes.length);
}

/** ISO-8859-1: every byte is the code point of the same value. Never fails. */
export function decodeLatin1(bytes: Uint8Array): string {
  return fromCodes(bytes, 0, bytes.length);
}

/** UTF-8 encoding; a lone surrogate becomes U+FFFD (as `TextEncoder` does). */
export function encodeUtf8(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out[o++] = 0xf0 | (cp >> 18);
        out[o++] = 0x80 | ((cp >> 12) & 63);
        out[o++] = 0x80 | ((cp >> 6) & 63);
        out[o++] = 0x80 | (cp & 63);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    out[o++] = 0xe0 | (c >> 12);
    out[o++] = 0x80 | ((c >> 6) & 63);
    out[o++] = 0x80 | (c & 63);
  }
  return out.slice(0, o);
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  const a = (i: number): string => alphabet.charAt(i);
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += a(n >> 18) + a((n >> 12) & 63) + a((n >> 6) & 63) + a(n & 63);
  }
  const rem = bytes.length - i;
  if (rem === 1) {
    const n = (bytes[i] as number) << 16;
    out += a(n >> 18) + a((n >> 12) & 63) + (pad ? '==' : '');
  } else if (rem === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += a(n >> 18) + a((n >> 12) & 63) + a((n >> 6) & 63) + (pad ? '=' : '');
  }
  return out;
}

/** Base64 with padding (RFC 4648 §4). */
export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, STD, true);
}

/** Base64url without padding (RFC 4648 §5, RFC 7515 §2). */
export function encodeBase64Url(bytes: Uint8Array): string {
  return encode(bytes, URL_SAFE, false);
}
