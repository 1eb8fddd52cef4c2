/** Basic credentials (RFC 7617): decoded, with the mistakes clients make named as problems. */
import {
  decodeBase64,
  decodeBase64Lenient,
  decodeLatin1,
  decodeUtf8,
  isBase64Chars,
} from '../../encoding';
import type { ProblemSink } from '../grammar';
import type { Credentials } from '../types';

/** RFC 7617 §2: base64 of `user-id ":" password`, UTF-8 by default, no control characters. */
export function basic(
  credentials: Credentials,
  token: string,
  at: number,
  sink: ProblemSink,
): void {
  if (!isBase64Chars(token)) {
    const colon = token.indexOf(':');
    if (colon !== -1) {
      sink.add(
        'basic-not-base64',
        'The Basic credentials are "user:password" in clear text; they must be base64-encoded.',
        at,
      );
      credentials.basic = {
        username: token.slice(0, colon),
        password: token.slice(colon + 1),
        encoding: 'plain',
      };
    } else {
      const bad = firstNonBase64(token);
      sink.add(
        'basic-not-base64',
        `The Basic credentials are not base64: ${JSON.stringify(token[bad])} is not in the base64 alphabet${token[bad] === '-' || token[bad] === '_' ? ' (base64url was used instead of base64)' : ''}.`,
        at + bad,
      );
    }
    return;
  }
  let bytes = decodeBase64(token);
  if (bytes === undefined) {
    bytes = decodeBase64Lenient(token) ?? decodeBase64Lenient(token.replace(/=+/g, ''));
    sink.add(
      'basic-bad-padding',
      bytes === undefined
        ? 'The Basic credentials are not valid base64 (wrong length or padding).'
        : 'The Basic credentials have missing or misplaced "=" padding.',
      at,
    );
    if (bytes === undefined) return;
  }
  let text = decodeUtf8(bytes);
  let encoding: 'ascii' | 'utf-8' | 'latin1' = 'ascii';
  let nonAscii = false;
  let control = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 128) nonAscii = true;
    else if ((b < 32 || b === 127) && control === -1) control = i;
  }
  if (text === undefined) {
    text = decodeLatin1(bytes);
    encoding = 'latin1';
    sink.add(
      'basic-not-utf8',
      'The decoded Basic credentials are not valid UTF-8; they were read as ISO-8859-1.',
      at,
    );
  } else if (nonAscii) {
    encoding = 'utf-8';
    sink.add(
      'basic-non-ascii',
      'The user-id or password has non-ASCII characters (sent as UTF-8): the server must expect UTF-8 (charset="UTF-8").',
      at,
    );
  }
  if (control !== -1) {
    const b = bytes[control];
    sink.add(
      'basic-control-character',
      b === 10 || b === 13
        ? 'The decoded Basic credentials contain a line break (was "echo user:pass | base64" used? Use "echo -n").'
        : 'The decoded Basic credentials contain a control character.',
      at,
    );
  }
  const colon = text.indexOf(':');
  if (colon === -1) {
    sink.add(
      'basic-no-colon',
      'The decoded Basic credentials have no ":" between user-id and password.',
      at,
    );
    credentials.basic = { username: text, password: '', encoding };
    return;
  }
  credentials.basic = { username: text.slice(0, colon), password: text.slice(colon + 1), encoding };
  if (colon === 0 && text.length === 1) {
    sink.add('empty-credentials', 'The Basic user-id and password are both empty.', at);
  }
}

function firstNonBase64(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 47 ||
      c === 61;
    if (!ok) return i;
  }
  return 0;
}
