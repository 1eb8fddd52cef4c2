// The fold's one pass over a request's credentials gives what the definitions give: the
// failure's fingerprint is the main credential's (`mainCredential`), cookie authentication is
// a session cookie without Authorization on a success, and each credential is kept with the
// name and display `describeCredential` makes and its fingerprint, asked once or again (the
// values known by hash) and at origins that had forgotten it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createContext,
  mainCredential,
  originHistory,
  recordExchange,
} from '../../src/core/context';
import { isSessionCookieName } from '../../src/core/secrets/model';
import { describeCredential, fingerprint, sentCredentials } from '../../src/core/sent-credentials';
import { createExchange } from './support/build';

const T = Date.UTC(2026, 0, 1);

const header = fc.oneof(
  fc.tuple(
    fc.constantFrom('Authorization', 'authorization', 'Proxy-Authorization'),
    fc.constantFrom('Bearer tok_abcdefghijklmnop', 'Basic dXNlcjpwYXNz', 'Bearer undefined', ''),
  ),
  fc.tuple(
    fc.constant('Cookie'),
    fc.constantFrom('sid=one; theme=dark', 'theme=dark', 'session=two; auth_token=three', 'a=b'),
  ),
  fc.tuple(
    fc.constantFrom('X-Api-Key', 'x-auth-token', 'Accept'),
    fc.constantFrom('key_0123456789abcdefghij', 'application/json', 'tok_zyxwvutsrqponmlkjihg'),
  ),
);
const url = fc.constantFrom(
  'https://api.example.test/v1',
  'https://api.example.test/v1?api_key=k_0123456789abcdef&page=2',
  'https://other.example.test/x?page=1',
);

describe('the fold of a request credentials', () => {
  it('keeps what the definitions give, for any mix of credentials, again and again', () => {
    const context = createContext();
    let time = T;
    fc.assert(
      fc.property(
        fc.array(header, { maxLength: 5 }),
        url,
        fc.constantFrom(200, 401, 403),
        (list, where, status) => {
          time += 1000;
          const exchange = createExchange({
            request: { url: where, time, headers: list.map(([name, value]) => ({ name, value })) },
            response: { status, time, headers: [] },
          });
          const sent = sentCredentials(exchange, { sessionCookiesOnly: true, describe: false });
          const history = () => originHistory(context, new URL(where).origin);
          const cookieAuthBefore = history()?.cookieAuth ?? false;
          recordExchange(context, exchange);
          const after = history();
          expect(after).toBeDefined();
          if (!after) return;
          if (status !== 200) {
            const main = mainCredential(sent);
            expect(after.failures.at(-1)).toEqual({
              time,
              fingerprint: main ? fingerprint(main.value) : '',
            });
          }
          const cookieAuth =
            status === 200 &&
            sent.some((c) => c.kind === 'cookie' && isSessionCookieName(c.name)) &&
            !sent.some((c) => c.kind === 'authorization');
          expect(after.cookieAuth).toBe(cookieAuthBefore || cookieAuth);
          for (const credential of sent) {
            const described = describeCredential({ ...credential });
            const seen = after.credentials.find(
              (c) =>
                c.kind === credential.kind &&
                c.name === described.name &&
                c.fingerprint === fingerprint(credential.value),
            );
            expect(seen).toMatchObject({ display: described.display, lastSeen: time });
            if (status === 200) expect(seen?.lastSuccess).toBe(time);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
