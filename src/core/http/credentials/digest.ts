/** Digest credentials (RFC 7616): the normalised view and the parameters a response needs. */
import { decodeExtValue, type ProblemSink } from '../grammar';
import type { Credentials } from '../types';

/** RFC 7616 §3.4. */
export function digest(credentials: Credentials, base: number, sink: ProblemSink): void {
  const p = credentials.params;
  const userhash = (p.userhash ?? '').toLowerCase() === 'true';
  const view: NonNullable<Credentials['digest']> = { userhash };
  if (p.username !== undefined && p['username*'] !== undefined) {
    sink.add(
      'duplicate-param',
      'Both "username" and "username*" are present (RFC 7616 §3.4.4).',
      base,
    );
  }
  if (p.username !== undefined) view.username = p.username;
  else if (p['username*'] !== undefined) {
    const decoded = decodeExtValue(p['username*']);
    if (decoded === undefined) {
      sink.add(
        'invalid-ext-value',
        "username* is not a valid RFC 8187 ext-value (charset'lang'percent-encoded).",
        base,
      );
    } else {
      view.username = decoded;
    }
  }
  if (p.qop !== undefined) view.qop = p.qop.toLowerCase();
  if (p.algorithm !== undefined) view.algorithm = p.algorithm;
  credentials.digest = view;
  const required = ['realm', 'nonce', 'uri', 'response'];
  if (p.qop !== undefined) required.push('cnonce', 'nc');
  if (view.username === undefined && p['username*'] === undefined) required.unshift('username');
  for (const name of required) {
    if (p[name] === undefined) {
      sink.add('missing-param', `The Digest credentials have no "${name}" (RFC 7616 §3.4).`, base);
    }
  }
}
