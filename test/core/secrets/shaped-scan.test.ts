// Property: findShapedSecrets (a scan that skips whole words and looks prefixes up by their
// first two characters) finds what the plain scan finds: at every character, a secret may start
// where no key character comes before it; a JWT is tried on `eyJ`, then each prefix, longest
// first. The plain scan below is that rule written out, kept as the reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findShapedSecrets,
  KEY_PREFIXES,
  type KeyPrefix,
  type ShapedSecret,
  secretShapeOf,
} from '../../../src/core/secrets/model';

const isKeyChar = (c: number) => /[A-Za-z0-9_-]/.test(String.fromCharCode(c));

function fits(c: number, chars: KeyPrefix['chars']): boolean {
  const ch = String.fromCharCode(c);
  if (chars === 'upper-digits') return /[A-Z0-9]/.test(ch);
  if (chars === 'hex') return /[0-9a-f]/.test(ch);
  return isKeyChar(c) || ch === '.';
}

const LONGEST_FIRST = [...KEY_PREFIXES].sort((a, b) => b.prefix.length - a.prefix.length);

function plainPrefixedKeyEnd(text: string, start: number): ShapedSecret | undefined {
  for (const entry of LONGEST_FIRST) {
    if (entry.public || !text.startsWith(entry.prefix, start)) continue;
    let i = start + entry.prefix.length;
    while (i < text.length && fits(text.charCodeAt(i), entry.chars)) i++;
    while (i > start && text.charAt(i - 1) === '.') i--;
    if (i - start - entry.prefix.length >= entry.min)
      return { start, end: i, shape: 'prefixed-key', provider: entry.provider };
  }
  return undefined;
}

/** Where a JWT at `start` ends, or -(where the scan stopped + 1). */
function plainJwtEnd(text: string, start: number): number {
  let i = start;
  const ends: number[] = [];
  for (let segment = 0; segment < 3; segment++) {
    const begin = i;
    while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
    if (i === begin && segment < 2) return -(i + 1);
    ends.push(i);
    if (segment < 2) {
      if (text.charAt(i) !== '.') return -(i + 1);
      i++;
    }
  }
  if (!text.startsWith('eyJ', (ends[0] as number) + 1)) return -(i + 1);
  return ends[2] as number;
}

function plainScan(text: string): ShapedSecret[] {
  const found: ShapedSecret[] = [];
  let i = 0;
  while (i < text.length) {
    if (i > 0 && isKeyChar(text.charCodeAt(i - 1))) {
      i++;
      continue;
    }
    if (text.startsWith('eyJ', i)) {
      const end = plainJwtEnd(text, i);
      if (end > 0) {
        found.push({ start: i, end, shape: 'jwt' });
        i = end;
      } else i = Math.max(-end - 1, i + 3);
      continue;
    }
    const key = plainPrefixedKeyEnd(text, i);
    if (key) {
      found.push(key);
      i = key.end;
      continue;
    }
    i++;
  }
  return found;
}

/** A whole key: a prefix and about as many characters as it needs, of its alphabet. */
const key = fc
  .constantFrom(...KEY_PREFIXES)
  .chain((entry) =>
    fc
      .array(
        fc.constantFrom(
          ...(entry.chars === 'hex'
            ? '0123456789abcdef'
            : entry.chars === 'upper-digits'
              ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
              : 'abcXYZ0189_-.'),
        ),
        { minLength: entry.min - 2, maxLength: entry.min + 2 },
      )
      .map((body) => entry.prefix + body.join('')),
  );

const fragment = fc.oneof(
  key,
  fc.constantFrom('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', 'eyJhbGciOiJub25lIn0.eyJhIjoxfQ.'),
  fc.constantFrom(
    ...KEY_PREFIXES.map((k) => k.prefix),
    'eyJ',
    'eyJhbGciOiJIUzI1NiJ9',
    '.',
    '..',
    ' ',
    '-',
    '_',
    '/',
    '"',
    '=',
    'é',
    '•',
    'e',
    's',
    'x',
    'S',
    'G',
  ),
  fc.stringMatching(/^[0-9a-f]{1,40}$/),
  fc.stringMatching(/^[A-Z0-9]{1,20}$/),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
  fc.string({ maxLength: 6 }),
);

const separator = fc.constantFrom('', '', '', ' ', '.', ', ', '/', '"', '=', ':');

describe('finding shaped secrets in text', () => {
  it('finds what the plain scan finds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fragment, separator), { maxLength: 24 }), (parts) => {
        const text = parts.map(([part, after]) => part + after).join('');
        expect(findShapedSecrets(text)).toEqual(plainScan(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('a key at the very end, and one cut short by the text', () => {
    const key = `ghp_${'a1'.repeat(15)}`;
    expect(findShapedSecrets(`token ${key}`)).toEqual(plainScan(`token ${key}`));
    expect(findShapedSecrets(`token ${key.slice(0, -1)}`)).toEqual([]);
    expect(findShapedSecrets('x g')).toEqual([]);
    expect(findShapedSecrets(`s ${key}`)).toEqual([
      { start: 2, end: 36, shape: 'prefixed-key', provider: 'GitHub' },
    ]);
    expect(secretShapeOf(key)).toEqual({
      shape: 'prefixed-key',
      provider: 'GitHub',
      prefix: 'ghp_',
    });
  });
});
