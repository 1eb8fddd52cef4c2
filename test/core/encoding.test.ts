import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64Lenient,
  decodeBase64Url,
  decodeBase64UrlToString,
  decodeLatin1,
  decodeUtf8,
  decodeUtf8Portable,
  encodeBase64,
  encodeBase64Url,
  encodeUtf8,
} from '../../src/core/encoding';
import { forgetRememberedValues, rememberedValueCount } from '../../src/core/remembered-values';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('base64 (RFC 4648 §10 test vectors)', () => {
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, encoded] of vectors) {
    it(`${JSON.stringify(plain)} <-> ${JSON.stringify(encoded)}`, () => {
      expect(encodeBase64(encodeUtf8(plain))).toBe(encoded);
      expect(decodeUtf8(decodeBase64(encoded) ?? bytes(0xff))).toBe(plain);
      expect(decodeBase64Url(encoded.replace(/=+$/, ''))).toEqual(encodeUtf8(plain));
    });
  }

  it('strict base64 wants padding and the standard alphabet', () => {
    expect(decodeBase64('Zg')).toBeUndefined();
    expect(decodeBase64('Zg=a')).toBeUndefined();
    expect(decodeBase64('Z===')).toBeUndefined();
    expect(decodeBase64('-_-_')).toBeUndefined();
    expect(decodeBase64('+/+/')).toEqual(bytes(0xfb, 0xff, 0xbf));
    expect(decodeBase64Lenient('Zg')).toEqual(bytes(0x66));
    expect(decodeBase64Lenient('Zg=')).toBeUndefined();
  });

  it('strict base64url refuses padding, "+", "/" and non-ASCII', () => {
    expect(decodeBase64Url('Zg==')).toBeUndefined();
    expect(decodeBase64Url('+/+/')).toBeUndefined();
    expect(decodeBase64Url('-_-_')).toEqual(bytes(0xfb, 0xff, 0xbf));
    expect(decodeBase64Url('Zm9v\u00e9')).toBeUndefined();
    expect(decodeBase64Url('Zm9vY')).toBeUndefined();
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(decodeBase64(encodeBase64(b))).toEqual(b);
        expect(decodeBase64Url(encodeBase64Url(b))).toEqual(b);
      }),
    );
  });
});

describe('UTF-8 (RFC 3629)', () => {
  it('round-trips any well-formed string, also straight from base64url', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        expect(decodeUtf8(encodeUtf8(s))).toBe(s);
        expect(decodeBase64UrlToString(encodeBase64Url(encodeUtf8(s)))).toBe(s);
      }),
    );
  });

  it('refuses overlongs, surrogates, truncated sequences and code points past U+10FFFF', () => {
    expect(decodeUtf8(bytes(0xc0, 0xaf))).toBeUndefined();
    expect(decodeUtf8(bytes(0xe0, 0x80, 0xaf))).toBeUndefined();
    expect(decodeUtf8(bytes(0xed, 0xa0, 0x80))).toBeUndefined();
    expect(decodeUtf8(bytes(0xe2, 0x82))).toBeUndefined();
    expect(decodeUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBeUndefined();
    expect(decodeUtf8(bytes(0x80))).toBeUndefined();
    expect(decodeUtf8(bytes(0xf0, 0x9f, 0x98, 0x80))).toBe('😀');
  });

  it('encodes a lone surrogate as U+FFFD', () => {
    expect(encodeUtf8('\ud800')).toEqual(bytes(0xef, 0xbf, 0xbd));
  });

  it('ISO-8859-1 maps each byte to the same code point', () => {
    expect(decodeLatin1(bytes(0x66, 0xe4, 0xff))).toBe('fä\u00ff');
  });

  it('decodes long inputs (chunked String.fromCharCode)', () => {
    const long = 'é'.repeat(10000) + 'a'.repeat(10000);
    expect(decodeUtf8(encodeUtf8(long))).toBe(long);
  });
});

describe('fast paths give the same answers as the portable decoder', () => {
  const ascii = (n: number) => 'abcdefghijklmnopqrstuvwxyz0123456789 {}":,'.repeat(20).slice(0, n);
  const b64url = (s: string) => encodeBase64Url(encodeUtf8(s));

  it('ASCII text of every length around the native-decoder threshold, straight from base64url', () => {
    for (let n = 0; n <= 40; n++) {
      const text = ascii(n);
      expect(decodeBase64UrlToString(b64url(text))).toBe(text);
      expect(decodeUtf8(encodeUtf8(text))).toBe(text);
      expect(decodeUtf8Portable(encodeUtf8(text))).toBe(text);
    }
  });

  it('non-ASCII text (2-, 3- and 4-byte sequences) at any position, short and long', () => {
    for (const extra of ['é', 'Müller', '€', '😀', '\ufeff']) {
      for (const n of [0, 1, 5, 11, 12, 13, 30, 300]) {
        for (const text of [extra + ascii(n), ascii(n) + extra, ascii(n) + extra + ascii(n)]) {
          expect(decodeBase64UrlToString(b64url(text))).toBe(text);
          expect(decodeUtf8Portable(encodeUtf8(text))).toBe(text);
        }
      }
    }
  });

  it('a leading byte-order mark is kept, not stripped', () => {
    const text = `\ufeff${ascii(20)}`;
    expect(decodeUtf8(encodeUtf8(text))).toBe(text);
    expect(decodeBase64UrlToString(b64url(text))).toBe(text);
  });

  it('invalid UTF-8 is refused however long the input is', () => {
    const bad = [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xe2, 0x82],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
      [0xff],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ];
    const pad = Array.from(encodeUtf8(ascii(30)));
    for (const b of bad) {
      for (const input of [b, [...pad, ...b], [...b, ...pad], [...pad, ...b, ...pad]]) {
        const u8 = Uint8Array.from(input);
        expect(decodeUtf8(u8)).toBeUndefined();
        expect(decodeUtf8Portable(u8)).toBeUndefined();
        expect(decodeBase64UrlToString(encodeBase64Url(u8))).toBeUndefined();
      }
    }
  });

  it('invalid base64url is still refused before any decoding', () => {
    const good = b64url(ascii(42)); // 56 characters
    expect(decodeBase64UrlToString(`${good}=`)).toBeUndefined();
    expect(decodeBase64UrlToString(`${good.slice(0, -1)}+`)).toBeUndefined();
    expect(decodeBase64UrlToString(`${good}A`)).toBeUndefined(); // 4n+1 characters
    expect(decodeBase64UrlToString(`${good.slice(0, 10)}\u00e9${good.slice(11)}`)).toBeUndefined();
    expect(decodeBase64UrlToString(`x.${good}.y`, 2, 2 + good.length)).toBe(ascii(42));
  });

  it('both decoders agree on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(decodeUtf8(b)).toBe(decodeUtf8Portable(b));
        expect(decodeBase64UrlToString(encodeBase64Url(b))).toBe(decodeUtf8Portable(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('both decoders agree on mostly-valid UTF-8 with one byte changed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (s, at, byte) => {
          const b = encodeUtf8(s);
          b[at % b.length] = byte;
          expect(decodeUtf8(b)).toBe(decodeUtf8Portable(b));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the scratch buffers', () => {
  it('count as remembered values once a decode used them, and are wiped with the others', () => {
    forgetRememberedValues();
    expect(rememberedValueCount()).toBe(0);
    expect(decodeBase64UrlToString(encodeBase64Url(encodeUtf8('user:hunter2 ü')))).toBe(
      'user:hunter2 ü',
    );
    expect(rememberedValueCount()).toBe(1);
    forgetRememberedValues();
    expect(rememberedValueCount()).toBe(0);
    // Still decoding the same after the wipe.
    expect(decodeBase64UrlToString(encodeBase64Url(encodeUtf8('user:hunter2')))).toBe(
      'user:hunter2',
    );
  });
});
