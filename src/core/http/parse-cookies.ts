/**
 * Cookies as browsers read them: Set-Cookie with the algorithm of RFC 6265bis §5.6 (which,
 * unlike the RFC 6265 grammar, says how a user agent parses anything a server sends), and
 * the Cookie request header (RFC 6265bis §4.2 / §5.8.3). The problems name what makes a
 * browser drop a cookie (§5.7: SameSite=None without Secure, cookie prefixes, size) so the
 * engine can explain a cookie that was not sent.
 */
import { ProblemSink } from './grammar';
import type { CookieHeaderResult, CookiePair, SetCookie, SetCookieResult } from './types';

/** RFC 6265bis §5.6: name plus value longer than this and the cookie is ignored. */
const MAX_NAME_VALUE = 4096;
/** RFC 6265bis §5.6: an attribute value longer than this is ignored. */
const MAX_ATTRIBUTE_VALUE = 1024;

/** Index of char code `c` in `s[from, to)`, or -1 (bounded, so repeated calls stay linear). */
function indexIn(s: string, c: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === c) return i;
  return -1;
}

function isWsp(c: number): boolean {
  return c === 32 || c === 9;
}

/** `s[start, end)` without leading and trailing SP / HTAB. */
function trim(s: string, start: number, end: number): string {
  while (start < end && isWsp(s.charCodeAt(start))) start++;
  while (end > start && isWsp(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * Parses one Set-Cookie value (RFC 6265bis §5.6). `cookie` is absent when a browser would
 * ignore the whole line (control character, empty name and value, over 4096 bytes); the
 * problems then say why. Later attributes win over earlier ones of the same name, as in
 * browsers. `expires` is milliseconds since the epoch; `maxAge` seconds (0 or less: delete).
 * Never throws; linear in the input.
 */
export function parseSetCookie(value: string): SetCookieResult {
  const sink = new ProblemSink();
  const s = typeof value === 'string' ? value : '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) {
      sink.add(
        'control-character',
        'The Set-Cookie value contains a control character; browsers ignore the whole cookie.',
        i,
      );
      return { problems: sink.list };
    }
  }
  let semi = s.indexOf(';');
  if (semi === -1) semi = s.length;
  const eq = s.indexOf('=');
  let name: string;
  let cookieValue: string;
  if (eq === -1 || eq > semi) {
    // RFC 6265bis: no "=" means an empty name and the whole pair as the value.
    name = '';
    cookieValue = trim(s, 0, semi);
  } else {
    name = trim(s, 0, eq);
    cookieValue = trim(s, eq + 1, semi);
  }
  if (name === '' && cookieValue === '') {
    sink.add('cookie-no-name-value', 'The Set-Cookie value has neither a name nor a value.', 0);
    return { problems: sink.list };
  }
  if (name.length + cookieValue.length > MAX_NAME_VALUE) {
    sink.add(
      'cookie-too-large',
      'The cookie name and value exceed 4096 bytes together; browsers ignore it.',
      0,
    );
    return { problems: sink.list };
  }
  checkOctets(name, cookieValue, sink);
  const cookie: SetCookie = {
    name,
    value: cookieValue,
    secure: false,
    httpOnly: false,
    partitioned: false,
  };

  let i = semi;
  while (i < s.length) {
    const start = i + 1;
    let end = s.indexOf(';', start);
    if (end === -1) end = s.length;
    i = end;
    const aEq = indexIn(s, 61, start, end);
    const hasValue = aEq !== -1;
    const attrName = trim(s, start, hasValue ? aEq : end).toLowerCase();
    const attrValue = hasValue ? trim(s, aEq + 1, end) : '';
    if (attrName === '') continue;
    if (attrValue.length > MAX_ATTRIBUTE_VALUE) {
      sink.add(
        'cookie-invalid-attribute',
        `The ${attrName} attribute is too long; ignored.`,
        start,
      );
      continue;
    }
    switch (attrName) {
      case 'expires': {
        const t = parseCookieDate(attrValue);
        if (t === undefined) {
          sink.add(
            'cookie-invalid-attribute',
            `Expires=${attrValue} is not a date browsers understand; ignored.`,
            start,
          );
        } else {
          cookie.expires = t;
        }
        break;
      }
      case 'max-age': {
        const n = parseMaxAge(attrValue);
        if (n === undefined) {
          sink.add(
            'cookie-invalid-attribute',
            `Max-Age=${attrValue} is not a whole number of seconds; ignored.`,
            start,
          );
        } else {
          cookie.maxAge = n;
        }
        break;
      }
      case 'domain': {
        if (attrValue === '') {
          sink.add('cookie-invalid-attribute', 'Domain is empty; ignored.', start);
          break;
        }
        cookie.domain = (attrValue.startsWith('.') ? attrValue.slice(1) : attrValue).toLowerCase();
        break;
      }
      case 'path': {
        if (attrValue.startsWith('/')) cookie.path = attrValue;
        else {
          delete cookie.path;
          if (attrValue !== '') {
            sink.add(
              'cookie-invalid-attribute',
              `Path=${attrValue} does not start with "/"; the default path is used.`,
              start,
            );
          }
        }
        break;
      }
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'partitioned':
        cookie.partitioned = true;
        break;
      case 'samesite': {
        const v = attrValue.toLowerCase();
        if (v === 'strict') cookie.sameSite = 'Strict';
        else if (v === 'lax') cookie.sameSite = 'Lax';
        else if (v === 'none') cookie.sameSite = 'None';
        else {
          delete cookie.sameSite;
          sink.add(
            'cookie-invalid-attribute',
            `SameSite=${attrValue} is not Strict, Lax or None; browsers treat it as Lax.`,
            start,
          );
        }
        break;
      }
    }
  }

  // RFC 6265bis §5.7 and browser storage rules.
  if (cookie.sameSite === 'None' && !cookie.secure) {
    sink.add(
      'cookie-samesite-none-insecure',
      'SameSite=None without Secure: browsers reject this cookie.',
    );
  }
  if (cookie.partitioned && !cookie.secure) {
    sink.add(
      'cookie-partitioned-insecure',
      'Partitioned without Secure: browsers reject this cookie.',
    );
  }
  const lowerName = name.toLowerCase();
  if (lowerName.startsWith('__secure-') && !cookie.secure) {
    sink.add('cookie-prefix-violation', 'A __Secure- cookie must be Secure; browsers reject it.');
  }
  if (lowerName.startsWith('__host-')) {
    if (!cookie.secure || cookie.domain !== undefined || cookie.path !== '/') {
      sink.add(
        'cookie-prefix-violation',
        'A __Host- cookie must be Secure, have Path=/ and no Domain; browsers reject it.',
      );
    }
  }
  return { cookie, problems: sink.list };
}

/** cookie-octet (RFC 6265bis §4.1.1) for the value; token for the name. Warnings only. */
function checkOctets(name: string, value: string, sink: ProblemSink): void {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 32 || c >= 127 || '()<>@,;:\\"/[]?={}'.includes(name[i] as string)) {
      sink.add('cookie-invalid-character', `The cookie name has ${JSON.stringify(name[i])}.`, i);
      return;
    }
  }
  let v = value;
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x21 || c === 0x22 || c === 0x2c || c === 0x3b || c === 0x5c || c >= 0x7f) {
      sink.add(
        'cookie-invalid-character',
        `The cookie value has ${JSON.stringify(v[i])}, outside RFC 6265bis cookie-octet.`,
      );
      return;
    }
  }
}

/** Max-Age (RFC 6265bis §5.6.2): `-`? DIGITs; `undefined` when invalid. */
function parseMaxAge(v: string): number | undefined {
  if (v === '') return undefined;
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  if (i === v.length) return undefined;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** delimiter, RFC 6265bis §5.1.1: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
function isDelimiter(c: number): boolean {
  return (
    c === 9 ||
    (c >= 0x20 && c <= 0x2f) ||
    (c >= 0x3b && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e)
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Leading 1..max digits of `t` followed by nothing or a non-digit; -1 otherwise. */
function leadingNumber(t: string, from: number, min: number, max: number): [number, number] {
  let i = from;
  while (i < t.length && isDigit(t.charCodeAt(i))) i++;
  const len = i - from;
  if (len < min || len > max) return [-1, i];
  return [Number(t.slice(from, i)), i];
}

/**
 * The cookie-date algorithm of RFC 6265bis §5.1.1 (what browsers accept as Expires).
 * Milliseconds since the epoch, or `undefined`.
 */
export function parseCookieDate(s: string): number | undefined {
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isDelimiter(s.charCodeAt(i))) i++;
    const start = i;
    while (i < s.length && !isDelimiter(s.charCodeAt(i))) i++;
    if (i === start) break;
    const t = s.slice(start, i);
    if (time === undefined) {
      const [h, a] = leadingNumber(t, 0, 1, 2);
      if (h >= 0 && t.charCodeAt(a) === 58) {
        const [m, b] = leadingNumber(t, a + 1, 1, 2);
        if (m >= 0 && t.charCodeAt(b) === 58) {
          const [sec, c] = leadingNumber(t, b + 1, 1, 2);
          if (sec >= 0 && (c === t.length || !isDigit(t.charCodeAt(c)))) {
            time = [h, m, sec];
            continue;
          }
        }
      }
    }
    if (day === undefined) {
      const [d] = leadingNumber(t, 0, 1, 2);
      if (d >= 0) {
        day = d;
        continue;
      }
    }
    if (month === undefined && t.length >= 3) {
      const m = MONTHS.indexOf(t.slice(0, 3).toLowerCase());
      if (m !== -1) {
        month = m;
        continue;
      }
    }
    if (year === undefined) {
      const [y] = leadingNumber(t, 0, 2, 4);
      if (y >= 0) {
        year = y;
      }
    }
  }
  if (time === undefined || day === undefined || month === undefined || year === undefined) {
    return undefined;
  }
  if (year >= 70 && year <= 99) year += 1900;
  else if (year >= 0 && year <= 69) year += 2000;
  const [h, m, sec] = time;
  if (day < 1 || day > 31 || year < 1601 || h > 23 || m > 59 || sec > 59) return undefined;
  const t = Date.UTC(year, month, day, h, m, sec);
  // A day that does not exist in that month (Feb 30) fails, as the algorithm says.
  if (new Date(t).getUTCDate() !== day) return undefined;
  return t;
}

/**
 * Parses a Cookie request header into its pairs, in order, duplicates kept (a browser sends
 * two cookies with one name when their paths or domains differ). A pair without `=` has an
 * empty name (RFC 6265bis §5.6). Never throws; linear in the input.
 */
export function parseCookieHeader(value: string): CookieHeaderResult {
  const sink = new ProblemSink();
  const cookies: CookiePair[] = [];
  const s = typeof value === 'string' ? value : '';
  let i = 0;
  while (i <= s.length) {
    let end = s.indexOf(';', i);
    if (end === -1) end = s.length;
    const eq = indexIn(s, 61, i, end);
    if (eq !== -1) {
      cookies.push({ name: trim(s, i, eq), value: trim(s, eq + 1, end) });
    } else {
      const v = trim(s, i, end);
      if (v !== '') cookies.push({ name: '', value: v });
      else if (end < s.length) {
        sink.add('cookie-no-name-value', 'The Cookie header has an empty pair (";;").', i);
      }
    }
    i = end + 1;
  }
  return { cookies, problems: sink.list };
}

/**
 * The pairs of a Cookie header whose names `keep` accepts, in order: what
 * `parseCookieHeader(value).cookies.filter((pair) => keep(pair.name))` gives, without building
 * the pairs (and problems) it would drop. The context reads every request's cookies this way.
 */
export function cookiePairsWhere(
  value: string,
  keep: (name: string) => boolean,
): readonly CookiePair[] {
  // Most headers keep one pair or none: no list until the first one (a literal is sized to it).
  let kept: CookiePair[] | undefined;
  const s = typeof value === 'string' ? value : '';
  let keepsNameless: boolean | undefined;
  let i = 0;
  while (i <= s.length) {
    let end = s.indexOf(';', i);
    if (end === -1) end = s.length;
    const eq = indexIn(s, 61, i, end);
    let pair: CookiePair | undefined;
    if (eq !== -1) {
      const name = trim(s, i, eq);
      if (keep(name)) pair = { name, value: trim(s, eq + 1, end) };
    } else {
      // A pair without '=' is a value with an empty name (as parseCookieHeader reads it).
      keepsNameless ??= keep('');
      if (keepsNameless) {
        const v = trim(s, i, end);
        if (v !== '') pair = { name: '', value: v };
      }
    }
    if (pair) {
      if (kept) kept.push(pair);
      else kept = [pair];
    }
    i = end + 1;
  }
  return kept ?? NO_PAIRS;
}

const NO_PAIRS: readonly CookiePair[] = Object.freeze([]);
