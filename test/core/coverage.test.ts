// Every catalogue id is ranked first by at least one case: recorded fixtures first, and small
// hand-built exchanges (named so) only where no loopback server can produce the case.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS_IDS } from '../../src/core/catalogue';
import { diagnose } from '../../src/core/diagnose';
import { analyzeHar } from '../../src/core/har/analyze-har';
import { createExchange, headers } from '../support/exchange';

// Recorded here, and public captures from outside the project (fixtures/public/README.md).
const HAR_DIRS = [
  new URL('../fixtures/har/', import.meta.url),
  new URL('../fixtures/public/', import.meta.url),
];

function recordedFirsts(): Map<string, string> {
  const firsts = new Map<string, string>();
  for (const dir of HAR_DIRS)
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.har'))) {
      const result = analyzeHar(readFileSync(new URL(file, dir), 'utf8'), {
        statuses: new Set([401, 403, 407]),
      });
      if (!result.ok) throw new Error(`${file}: ${result.error}`);
      for (const { index, failure } of result.failures) {
        const id = failure.diagnoses[0]?.id;
        if (id && !firsts.has(id)) firsts.set(id, `${file} #${index}`);
        for (const diagnosis of failure.diagnoses)
          expect(diagnosis.evidence.length, `${file} #${index} ${diagnosis.id}`).toBeGreaterThan(0);
      }
    }
  return firsts;
}

/** An exchange the rules cannot read: the engine's own fallback answers. */
const unreadable = createExchange();
(unreadable.request as { headers: unknown }).headers = null;

/**
 * Cases no loopback server can give: a remote host over http, AWS's own signature check, and
 * auth-required, which appears only when nothing else can be said. And DPoP (RFC 9449 §9's
 * example answer): the playground's OAuth corner does not sign DPoP proofs (yet).
 */
const HAND_BUILT = {
  'auth-required': unreadable,
  'insecure-transport': createExchange({
    request: {
      url: 'http://api.example.test/v1/me',
      headers: headers({ Authorization: 'Bearer FAKE-0123456789abcdefghij' }),
    },
    response: { status: 401, headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
  }),
  'dpop-proof-required': createExchange({
    request: {
      headers: headers({ Authorization: 'DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU' }),
    },
    response: {
      status: 401,
      headers: headers({
        'WWW-Authenticate':
          'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
        'DPoP-Nonce': 'eyJ7S_zG.eyJH0-Z.HX4w-7v',
      }),
    },
  }),
  'aws-signature-error': createExchange({
    request: {
      url: 'https://fake-bucket.s3.amazonaws.com/key',
      headers: headers({
        Authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=fakefakefakefakefakefakefakefakefakefakefakefakefakefakefakefake',
      }),
    },
    response: {
      status: 403,
      headers: headers({ 'x-amz-request-id': 'FAKE' }),
      body: '<Error><Code>SignatureDoesNotMatch</Code></Error>',
    },
  }),
};

describe('coverage of the catalogue', () => {
  it('every id is ranked first by a recorded case, or by a named hand-built one', () => {
    const firsts = recordedFirsts();
    for (const [id, exchange] of Object.entries(HAND_BUILT)) {
      expect(diagnose(exchange)?.diagnoses[0]?.id, id).toBe(id);
      if (!firsts.has(id)) firsts.set(id, 'hand-built');
    }
    const missing = DIAGNOSIS_IDS.filter((id) => !firsts.has(id));
    expect(missing).toEqual([]);
    const handBuilt = DIAGNOSIS_IDS.filter((id) => firsts.get(id) === 'hand-built');
    // aws-signature-error is ranked first by public captures (S3, STS) since they came in,
    // dpop-proof-required by RFC 9449's use_dpop_nonce example (rfc9449-dpop-resource-use-dpop-nonce),
    // insecure-transport by Keycloak's "HTTPS required" (keycloak-token-https-required-plain-http).
    expect(handBuilt.sort()).toEqual(['auth-required']);
  });
});
