/**
 * Conformance cases for WWW-Authenticate parsing, as a table the tests and the benchmark share.
 *
 * - `httpauth/*`: Julian Reschke's test suite (test.greenbytes.de/tech/tc/httpauth), the one
 *   browsers and HTTP clients port. Expectations follow the RFC 9110 §11 grammar; where the
 *   suite calls a case invalid we still recover the challenge (as browsers do) and expect the
 *   error problem instead. Differences from the suite's notes are commented on the case.
 * - `rfc*`: the examples printed in the RFCs.
 */
import type { ProblemCode } from '../../../src/core/http/types';

export interface ExpectedChallenge {
  scheme: string;
  token68?: string;
  params?: Record<string, string>;
}

export interface ChallengeCase {
  name: string;
  header: string | string[];
  challenges: ExpectedChallenge[];
  /** The problem codes expected, in order (empty: a clean parse). */
  problems: ProblemCode[];
}

export const CHALLENGE_CASES: ChallengeCase[] = [
  // ---- httpauth: single Basic challenges ----
  {
    name: 'httpauth/simplebasic',
    header: 'Basic realm="foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: [],
  },
  {
    // Deprecated line folding. A header value from webRequest/HAR is already unfolded; in a
    // raw value we read the line break as a space (RFC 9112 §5.2) and flag it.
    name: 'httpauth/simplebasiclf',
    header: 'Basic\r\n realm="foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: ['line-break'],
  },
  {
    name: 'httpauth/simplebasicucase',
    header: 'BASIC REALM="foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: [],
  },
  {
    // Legal auth-param syntax, but RFC 9110 §11.5 says realm must be sent quoted: a warning.
    name: 'httpauth/simplebasictok',
    header: 'Basic realm=foo',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: ['realm-unquoted'],
  },
  {
    // The suite expects a parse error; we report it and keep the raw text up to the next
    // comma as the realm (backslashes are not escapes outside a quoted-string).
    name: 'httpauth/simplebasictokbs',
    header: 'Basic realm=\\f\\o\\o',
    challenges: [{ scheme: 'Basic', params: { realm: '\\f\\o\\o' } }],
    problems: ['invalid-character', 'realm-unquoted'],
  },
  {
    // Single quotes are token characters: the realm really is 'foo' with its quotes.
    name: 'httpauth/simplebasicsq',
    header: "Basic realm='foo'",
    challenges: [{ scheme: 'Basic', params: { realm: "'foo'" } }],
    problems: ['single-quoted-value', 'realm-unquoted'],
  },
  {
    name: 'httpauth/simplebasicpct',
    header: 'Basic realm="foo%20bar"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo%20bar' } }],
    problems: [],
  },
  {
    // `Basic SP` then a list whose first element is empty: valid (RFC 9110 §5.6.1).
    name: 'httpauth/simplebasiccomma',
    header: 'Basic , realm="foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: [],
  },
  {
    // Invalid (no space after the scheme); recovered by attaching realm to Basic.
    name: 'httpauth/simplebasiccomma2',
    header: 'Basic, realm="foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: ['comma-after-scheme'],
  },
  {
    // The suite says browsers fail here; syntactically it is a challenge without params.
    name: 'httpauth/simplebasicnorealm',
    header: 'Basic',
    challenges: [{ scheme: 'Basic', params: {} }],
    problems: ['missing-realm'],
  },
  {
    // RFC 9110 §11.2: each parameter name only once per challenge. We keep the first.
    name: 'httpauth/simplebasic2realms',
    header: 'Basic realm="foo", realm="bar"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: ['duplicate-param'],
  },
  {
    // BWS around "=" is allowed to parse (senders must not send it).
    name: 'httpauth/simplebasicwsrealm',
    header: 'Basic realm = "foo"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: ['whitespace-around-equals'],
  },
  {
    name: 'httpauth/simplebasicrealmsqc',
    header: 'Basic realm="\\f\\o\\o"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo' } }],
    problems: [],
  },
  {
    name: 'httpauth/simplebasicrealmsqc2',
    header: 'Basic realm="\\"foo\\""',
    challenges: [{ scheme: 'Basic', params: { realm: '"foo"' } }],
    problems: [],
  },
  {
    name: 'httpauth/simplebasicnewparam1',
    header: 'Basic realm="foo", bar="xyz",, a=b,,,c=d',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo', bar: 'xyz', a: 'b', c: 'd' } }],
    problems: [],
  },
  {
    name: 'httpauth/simplebasicnewparam2',
    header: 'Basic bar="xyz", realm="foo"',
    challenges: [{ scheme: 'Basic', params: { bar: 'xyz', realm: 'foo' } }],
    problems: [],
  },
  {
    // obs-text is allowed in a quoted-string; header strings reach us already decoded.
    name: 'httpauth/simplebasicrealmiso88591',
    header: 'Basic realm="foo-ä"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo-ä' } }],
    problems: [],
  },
  {
    // UTF-8 bytes read as ISO-8859-1 (what the fetch/webRequest header string then holds).
    name: 'httpauth/simplebasicrealmutf8',
    header: 'Basic realm="foo-Ã¤"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo-Ã¤' } }],
    problems: [],
  },
  {
    // RFC 2047 encoding does not apply to quoted-strings: the realm is the literal text.
    name: 'httpauth/simplebasicrealmrfc2047',
    header: 'Basic realm="=?ISO-8859-1?Q?foo-=E4?="',
    challenges: [{ scheme: 'Basic', params: { realm: '=?ISO-8859-1?Q?foo-=E4?=' } }],
    problems: [],
  },
  // ---- httpauth: several challenges ----
  {
    name: 'httpauth/multibasicunknown',
    header: 'Basic realm="basic", Newauth realm="newauth"',
    challenges: [
      { scheme: 'Basic', params: { realm: 'basic' } },
      { scheme: 'Newauth', params: { realm: 'newauth' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multibasicunknownnoparam',
    header: 'Basic realm="basic", Newauth',
    challenges: [
      { scheme: 'Basic', params: { realm: 'basic' } },
      { scheme: 'Newauth', params: {} },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multibasicunknown2',
    header: 'Newauth realm="newauth", Basic realm="basic"',
    challenges: [
      { scheme: 'Newauth', params: { realm: 'newauth' } },
      { scheme: 'Basic', params: { realm: 'basic' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multibasicunknown2np',
    header: 'Newauth, Basic realm="basic"',
    challenges: [
      { scheme: 'Newauth', params: {} },
      { scheme: 'Basic', params: { realm: 'basic' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multibasicunknown2mf',
    header: ['Newauth realm="newauth"', 'Basic realm="basic"'],
    challenges: [
      { scheme: 'Newauth', params: { realm: 'newauth' } },
      { scheme: 'Basic', params: { realm: 'basic' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multibasicempty',
    header: ',Basic realm="basic"',
    challenges: [{ scheme: 'Basic', params: { realm: 'basic' } }],
    problems: [],
  },
  {
    name: 'httpauth/multibasicqs',
    header: 'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple" ',
    challenges: [
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'Basic', params: { realm: 'simple' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/multidisgscheme',
    header: 'Newauth realm="Newauth Realm", basic=foo, Basic realm="Basic Realm" ',
    challenges: [
      { scheme: 'Newauth', params: { realm: 'Newauth Realm', basic: 'foo' } },
      { scheme: 'Basic', params: { realm: 'Basic Realm' } },
    ],
    problems: [],
  },
  {
    name: 'httpauth/unknown',
    header: 'Newauth param="value"',
    challenges: [{ scheme: 'Newauth', params: { param: 'value' } }],
    problems: [],
  },
  {
    name: 'httpauth/parametersnotrequired',
    header: 'A, B',
    challenges: [
      { scheme: 'A', params: {} },
      { scheme: 'B', params: {} },
    ],
    problems: [],
  },
  {
    name: 'httpauth/disguisedrealm',
    header: 'Basic foo="realm=nottherealm", realm="basic"',
    challenges: [{ scheme: 'Basic', params: { foo: 'realm=nottherealm', realm: 'basic' } }],
    problems: [],
  },
  {
    name: 'httpauth/disguisedrealm2',
    header: 'Basic nottherealm="nottherealm", realm="basic"',
    challenges: [{ scheme: 'Basic', params: { nottherealm: 'nottherealm', realm: 'basic' } }],
    problems: [],
  },
  {
    // Invalid; browsers take the rest of the line as the realm, and so do we.
    name: 'httpauth/missingquote',
    header: 'Basic realm="basic',
    challenges: [{ scheme: 'Basic', params: { realm: 'basic' } }],
    problems: ['unterminated-quoted-string'],
  },
  // ---- RFC examples ----
  {
    name: 'rfc9110/11.6.1 two challenges in one field',
    header: 'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""',
    challenges: [
      { scheme: 'Basic', params: { realm: 'simple' } },
      { scheme: 'Newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
    ],
    problems: [],
  },
  {
    name: 'rfc7617/2 Basic',
    header: 'Basic realm="WallyWorld"',
    challenges: [{ scheme: 'Basic', params: { realm: 'WallyWorld' } }],
    problems: [],
  },
  {
    name: 'rfc7617/2.1 Basic with charset',
    header: 'Basic realm="foo", charset="UTF-8"',
    challenges: [{ scheme: 'Basic', params: { realm: 'foo', charset: 'UTF-8' } }],
    problems: [],
  },
  {
    name: 'rfc6750/3 Bearer',
    header: 'Bearer realm="example"',
    challenges: [{ scheme: 'Bearer', params: { realm: 'example' } }],
    problems: [],
  },
  {
    name: 'rfc6750/3 Bearer invalid_token',
    header:
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    challenges: [
      {
        scheme: 'Bearer',
        params: {
          realm: 'example',
          error: 'invalid_token',
          error_description: 'The access token expired',
        },
      },
    ],
    problems: [],
  },
  {
    name: 'rfc9470/3 step-up with acr_values',
    header:
      'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
    challenges: [
      {
        scheme: 'Bearer',
        params: {
          error: 'insufficient_user_authentication',
          error_description: 'A different authentication level is required',
          acr_values: 'myACR',
        },
      },
    ],
    problems: [],
  },
  {
    name: 'rfc9728/5.1 resource_metadata',
    header:
      'Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"',
    challenges: [
      {
        scheme: 'Bearer',
        params: {
          resource_metadata: 'https://resource.example.com/.well-known/oauth-protected-resource',
        },
      },
    ],
    problems: [],
  },
  {
    name: 'rfc7616/3.9.1 SHA-256 and MD5 challenges',
    header: [
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    ],
    challenges: [
      {
        scheme: 'Digest',
        params: {
          realm: 'http-auth@example.org',
          qop: 'auth, auth-int',
          algorithm: 'SHA-256',
          nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
          opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
        },
      },
      {
        scheme: 'Digest',
        params: {
          realm: 'http-auth@example.org',
          qop: 'auth, auth-int',
          algorithm: 'MD5',
          nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
          opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
        },
      },
    ],
    problems: [],
  },
  {
    name: 'rfc9449/7.1 DPoP algs',
    header: 'DPoP algs="ES256 PS256"',
    challenges: [{ scheme: 'DPoP', params: { algs: 'ES256 PS256' } }],
    problems: [],
  },
  {
    name: 'rfc9449/7.1 DPoP and Bearer',
    header:
      'DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256", Bearer realm="example"',
    challenges: [
      {
        scheme: 'DPoP',
        params: {
          error: 'invalid_token',
          error_description: 'Invalid DPoP key binding',
          algs: 'ES256',
        },
      },
      { scheme: 'Bearer', params: { realm: 'example' } },
    ],
    problems: [],
  },
  {
    name: 'rfc9449/9 use_dpop_nonce',
    header:
      'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
    challenges: [
      {
        scheme: 'DPoP',
        params: {
          error: 'use_dpop_nonce',
          error_description: 'Resource server requires nonce in DPoP proof',
        },
      },
    ],
    problems: [],
  },
  {
    name: 'rfc4559/4 Negotiate with and without token',
    header: 'Negotiate, Negotiate a87421000492aa874209af8bc028',
    challenges: [
      { scheme: 'Negotiate', params: {} },
      { scheme: 'Negotiate', token68: 'a87421000492aa874209af8bc028', params: {} },
    ],
    problems: [],
  },
  {
    name: 'iis/Negotiate and NTLM',
    header: ['Negotiate', 'NTLM'],
    challenges: [
      { scheme: 'Negotiate', params: {} },
      { scheme: 'NTLM', params: {} },
    ],
    problems: [],
  },
  {
    name: 'rfc9110/11.2 token68 with padding',
    header: 'Newauth dG9rZW42OA==',
    challenges: [{ scheme: 'Newauth', token68: 'dG9rZW42OA==', params: {} }],
    problems: [],
  },
  // ---- Malformed input the grammar rejects ----
  {
    name: 'malformed/parameter before any scheme',
    header: 'realm="x", Basic realm="y"',
    challenges: [{ scheme: 'Basic', params: { realm: 'y' } }],
    problems: ['param-without-challenge'],
  },
  {
    name: 'malformed/parameter after token68',
    header: 'Newauth abc==, realm="x"',
    challenges: [{ scheme: 'Newauth', token68: 'abc==', params: { realm: 'x' } }],
    problems: ['param-after-token68'],
  },
  {
    name: 'malformed/missing value',
    header: 'Basic charset="UTF-8", realm=',
    challenges: [{ scheme: 'Basic', params: { charset: 'UTF-8', realm: '' } }],
    problems: ['missing-param-value'],
  },
  {
    // Right after the scheme, `realm=` is a valid token68 (RFC 9110 §11.2), which Basic
    // does not take; the grammar decides, not the scheme.
    name: 'malformed/token68 where Basic wants params',
    header: 'Basic realm=',
    challenges: [{ scheme: 'Basic', token68: 'realm=', params: {} }],
    problems: ['token68-not-allowed', 'missing-realm'],
  },
  {
    name: 'malformed/junk after a quoted value',
    header: 'Basic realm="a"b, charset="UTF-8"',
    challenges: [{ scheme: 'Basic', params: { realm: 'a', charset: 'UTF-8' } }],
    problems: ['invalid-character'],
  },
  {
    name: 'malformed/Bearer with a token68',
    header: 'Bearer abc',
    challenges: [{ scheme: 'Bearer', token68: 'abc', params: {} }],
    problems: ['token68-not-allowed'],
  },
];
