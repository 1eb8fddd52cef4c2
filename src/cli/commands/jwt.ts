// `401-doctor jwt TOKEN [--json]`: a JWT decoded (never verified), its times in UTC and relative
// to now.
import { decodeJwt } from '../../core/jwt/decode-jwt';
import { jwtTimes } from '../../core/jwt/jwt-times';
import { redact } from '../../core/redact';
import { formatRelative, formatUtc } from '../../core/time-format';
import type { Args } from '../args';
import { type CliIo, EXIT, TOOL, usageError } from '../io';
import type { Style } from '../style';

export const usage = `  jwt TOKEN [--json]
      Decode a JWT (never verified): header, claims, times in UTC and relative to now.`;

export function run(args: Args, io: CliIo, style: Style): number {
  const raw = args.positional[0];
  if (!raw) return usageError(io, 'jwt needs a token');
  const token = raw.trim().replace(/^(Bearer|DPoP)\s+/i, '');
  const decoded = decodeJwt(token);
  const now = (io.now ?? Date.now)();
  const times: Record<string, { utc: string; relative: string }> = {};
  const payload = decoded.jwt?.payload ?? undefined;
  const judged = jwtTimes(payload, now);
  for (const claim of ['iat', 'nbf', 'exp'] as const) {
    const seconds = payload?.[claim];
    if (typeof seconds !== 'number') continue;
    const ms = seconds * 1000;
    const relative = formatRelative(ms, now);
    times[claim] = {
      utc: formatUtc(ms),
      relative:
        claim === 'exp'
          ? judged.expired
            ? `expired ${relative}`
            : `expires ${relative}`
          : claim === 'nbf'
            ? judged.notBefore
              ? `valid ${relative}`
              : `valid since ${relative}`
            : `issued ${relative}`,
    };
  }
  if (args.flags.has('json')) {
    io.stdout(
      `${JSON.stringify(
        {
          tool: { ...TOOL },
          header: decoded.jwt?.header ?? null,
          payload: payload ?? null,
          encrypted: decoded.jwt?.encrypted ?? false,
          signature: decoded.jwt
            ? decoded.jwt.signature
              ? 'present (not shown, not verified)'
              : 'empty'
            : null,
          times,
          problems: decoded.problems,
        },
        null,
        2,
      )}\n`,
    );
    return decoded.jwt ? EXIT.ok : EXIT.error;
  }
  if (!decoded.jwt) {
    io.stderr(
      `401-doctor: not a JWT (${redact(token)}):\n${decoded.problems.map((p) => `  ${p.message}`).join('\n')}\n`,
    );
    return EXIT.error;
  }
  const lines: string[] = [];
  lines.push(style.bold('Header'), indentJson(decoded.jwt.header));
  if (decoded.jwt.encrypted)
    lines.push(style.yellow('Encrypted (JWE): the claims cannot be read.'));
  else lines.push(style.bold('Claims'), indentJson(payload ?? {}));
  if (Object.keys(times).length > 0) {
    lines.push(style.bold('Times'));
    for (const [claim, time] of Object.entries(times)) {
      const expired = claim === 'exp' && time.relative.startsWith('expired');
      lines.push(
        `  ${claim}  ${time.utc}  ${expired ? style.red(time.relative) : style.dim(time.relative)}`,
      );
    }
  }
  lines.push(
    `${style.bold('Signature')} ${decoded.jwt.signature ? 'present (not shown, not verified)' : style.red('empty: the token is unsigned')}`,
  );
  for (const problem of decoded.problems)
    lines.push(
      `${problem.severity === 'error' ? style.red('✖') : style.yellow('▲')} ${problem.message}`,
    );
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function indentJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
