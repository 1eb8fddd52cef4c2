import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { createDiagnosis, settleRecord } from '../../src/background/diagnosis';
import { createStore } from '../../src/background/store';
import { createContext, recordExchange } from '../../src/core/context';
import { diagnose, explainDiagnosis } from '../../src/core/diagnose';
import type { Exchange } from '../../src/core/exchange';
import type { Settled } from '../../src/core/follow-up';
import { importHar } from '../../src/core/har/import-har';
import { readTokenRequestBody } from '../../src/core/oauth/token-request';
import { forgetRememberedValues, rememberedValueCount } from '../../src/core/remembered-values';
import { DEFAULT_CAPTURED_STATUSES } from '../../src/core/statuses';
import { readTabs } from '../../src/storage/failures';
import { fakeJwt } from '../core/support/build';
import { createExchange, headers } from '../support/exchange';
import { type FakeNativeBrowser, fakeNativeBrowser } from '../support/fake-native-browser';

let browser: FakeNativeBrowser['browser'];
beforeEach(() => {
  browser = fakeNativeBrowser().browser;
});

const TOKEN = 'tok_0123456789abcdefghijklmnop';
const api = 'https://api.example.test/items';

describe('diagnosis of captured failures in the background', () => {
  test('keeps no raw value of a failure once it is handled (the core memos are emptied)', async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const exchange = (id: string) =>
      createExchange({
        id,
        request: {
          url: api,
          headers: headers({
            Authorization: `Bearer ${fakeJwt({ sub: 'u1', exp: 1 })}`,
            Cookie: 'sid=FAKE-session-0123456789abcdef',
          }),
        },
        response: {
          headers: headers({ 'WWW-Authenticate': 'Bearer realm="api", error="invalid_token"' }),
        },
      });
    // The same exchange through the core directly: its memos keep what it read.
    forgetRememberedValues();
    diagnose(exchange('r0'), createContext());
    expect(rememberedValueCount()).toBeGreaterThan(0);
    const first = await diagnosis.handle(4, exchange('r1'), true);
    expect(rememberedValueCount()).toBe(0);
    const second = await diagnosis.replay(4, exchange('r2'));
    expect(rememberedValueCount()).toBe(0);
    // A request that succeeded is only folded into the context: nothing of it is kept either.
    await diagnosis.handle(
      4,
      { ...exchange('r3'), response: { ...exchange('r3').response, status: 200, headers: [] } },
      false,
    );
    expect(rememberedValueCount()).toBe(0);
    expect(first?.diagnoses.map((d) => d.id)).toContain('jwt-expired');
    expect(second?.diagnoses.map((d) => d.id)).toContain('jwt-expired');
  });

  test('a 401 gets ranked diagnoses, masked, and the kinds of credential it carried', async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      4,
      createExchange({
        id: 'r1',
        request: { url: api, headers: headers({ Authorization: 'Bearer undefined' }) },
        response: { headers: headers({ 'WWW-Authenticate': 'Bearer realm="api"' }) },
      }),
      true,
    );
    expect(record?.diagnoses[0]?.id).toBe('placeholder-token');
    expect(record).toMatchObject({ tabId: 4, status: 401, carried: ['authorization'] });
    // The details the report page shows: the challenge, the credential as sent (masked).
    expect(record?.challenges?.map((c) => c.scheme)).toEqual(['Bearer']);
    expect(record?.credentials?.map((c) => c.where)).toEqual(['Authorization header']);
  });

  test('the record keeps no catalogue words; explained, it is what diagnose() says', async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const exchange = createExchange({
      id: 'r1',
      request: { url: api, headers: headers({ Authorization: 'Basic not-base64!' }) },
      response: { headers: headers({ 'WWW-Authenticate': 'Basic realm="api"', Server: 'nginx' }) },
    });
    const record = await diagnosis.handle(4, exchange, true);
    const full = diagnose(exchange, undefined, { statuses: DEFAULT_CAPTURED_STATUSES });
    expect(record?.diagnoses.length).toBeGreaterThan(0);
    for (const stored of record?.diagnoses ?? []) {
      expect(Object.keys(stored)).not.toContain('title');
      expect(Object.keys(stored)).not.toContain('explanation');
    }
    expect(record?.diagnoses.map(explainDiagnosis)).toEqual(full?.diagnoses);
    expect(record?.platforms).toEqual(['nginx']);
  });

  test('a success is not a failure, but it is remembered for the tab', async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const withToken = { url: api, headers: headers({ Authorization: `Bearer ${TOKEN}` }) };
    expect(
      await diagnosis.handle(
        1,
        createExchange({ request: withToken, response: { status: 200 } }),
        false,
      ),
    ).toBeUndefined();
    const later = await diagnosis.handle(
      1,
      createExchange({ request: { url: `${api}/2`, time: Date.UTC(2026, 0, 1, 0, 1) } }),
      true,
    );
    expect(later?.diagnoses.map((d) => d.id)).toContain('credentials-not-forwarded');
    // Another tab has its own history.
    const otherTab = await diagnosis.handle(
      2,
      createExchange({ request: { url: `${api}/3` } }),
      true,
    );
    expect(otherTab?.diagnoses.map((d) => d.id)).not.toContain('credentials-not-forwarded');
  });

  test('the tab history survives the service worker restarting', async () => {
    const first = createDiagnosis(browser.storage.session, { statuses: DEFAULT_CAPTURED_STATUSES });
    await first.handle(
      1,
      createExchange({
        request: { url: api, headers: headers({ 'X-API-Key': TOKEN }) },
        response: { status: 200 },
      }),
      false,
    );
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the context is saved within 1 s
    const restarted = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await restarted.handle(
      1,
      createExchange({ request: { url: `${api}/2` } }),
      true,
    );
    expect(record?.diagnoses.map((d) => d.id)).toContain('credentials-not-forwarded');
  });

  test('a JWT is kept as its claims, never its signature or the raw token', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice', exp: 1 })}.c2lnbmF0dXJlLXNlY3JldC1wYXJ0`;
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      1,
      createExchange({
        request: { url: api, headers: headers({ Authorization: `Bearer ${jwt}` }) },
      }),
      true,
    );
    expect(record?.credentials?.[0]?.jwt?.payload).toEqual({ sub: 'alice', exp: 1 });
    expect(JSON.stringify(record)).not.toContain('c2lnbmF0dXJlLXNlY3JldC1wYXJ0');
    expect(JSON.stringify(record)).not.toContain(jwt);
  });

  test('no raw credential reaches the stored record', async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      1,
      createExchange({
        request: {
          url: `${api}?api_key=${TOKEN}`,
          headers: headers({ Authorization: `Bearer ${TOKEN}` }),
        },
      }),
      true,
    );
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });
  test('a signed-out probe is stored as info; the same call retried with a token at once relabels it, record and index', async () => {
    const settledSeen: Array<[number, Settled[]]> = [];
    const diagnosis = createDiagnosis(
      browser.storage.session,
      { statuses: DEFAULT_CAPTURED_STATUSES },
      (tabId, settled) => settledSeen.push([tabId, settled]),
    );
    const store = createStore(browser.storage.session);
    const me = 'https://app.example.test/api/me';
    const probe = await diagnosis.handle(
      6,
      createExchange({ id: 'p1', request: { url: me, type: 'xmlhttprequest' } }),
      true,
    );
    expect(probe?.diagnoses[0]?.id).toBe('signed-out-probe');
    expect(probe?.diagnoses[0]?.severity).toBe('info');
    if (!probe) throw new Error('no record');
    const added = await store.add(probe);
    expect(added.entries[0]?.[2]).toBe('info');
    // The page sends the same call with its token 300 ms later: it was not signed out.
    await diagnosis.handle(
      6,
      createExchange({
        id: 'p2',
        request: {
          url: me,
          time: probe.time + 300,
          headers: headers({ Authorization: `Bearer ${TOKEN}` }),
        },
        response: { status: 200 },
      }),
      false,
    );
    expect(settledSeen.map(([tab, s]) => [tab, s.map((one) => one.ref)])).toEqual([
      [6, [probe.id]],
    ]);
    const settled = settledSeen[0]?.[1][0];
    if (!settled) throw new Error('nothing settled');
    const index = await store.update(6, probe.id, (record) => settleRecord(record, settled));
    expect(index?.entries[0]?.[2]).toBe('error');
    const [tab] = await readTabs(browser.storage.session, 6);
    expect(tab?.failures[0]?.diagnoses[0]?.id).toBe('no-credentials');
    expect(tab?.failures[0]?.diagnoses[0]?.evidence.join('\n')).toContain('same request again');
    expect(JSON.stringify(tab)).not.toContain(TOKEN);
  });

  test('a relabel that arrives before the record was written changes it before it is', async () => {
    const store = createStore(browser.storage.session);
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      2,
      createExchange({ id: 'n1', request: { url: 'https://app.example.test/api/me' } }),
      true,
    );
    if (!record) throw new Error('no record');
    const written = store.add(record);
    const updated = store.update(2, record.id, (r) => ({ ...r, status: 499 }));
    expect((await written).entries).toHaveLength(1);
    expect((await updated)?.entries).toHaveLength(1);
    const [tab] = await readTabs(browser.storage.session, 2);
    expect(tab?.failures[0]?.status).toBe(499);
  });

  test("two tabs refreshing with one refresh token: the other tab's 401 is refresh-token-reused", async () => {
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const tokenUrl = 'https://id.example.test/oauth/token';
    const refreshToken = 'rt-0123456789abcdefghijklmnop';
    const refresh = (id: string, time: number, status: number) =>
      createExchange({
        id,
        request: {
          method: 'POST',
          url: tokenUrl,
          time,
          tokenRequest: readTokenRequestBody(
            `grant_type=refresh_token&client_id=spa&refresh_token=${refreshToken}`,
          ),
        },
        // What the extension sees: no response body.
        response: { status },
      });
    const t0 = Date.UTC(2026, 0, 1);
    await diagnosis.handle(1, refresh('a', t0, 200), false);
    await diagnosis.handle(2, refresh('b', t0 + 100, 400), false);
    const bearer = headers({ Authorization: 'Bearer at-0123456789abcdefghijklmnop' });
    const challenge = headers({ 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    const inTabOne = await diagnosis.handle(
      1,
      createExchange({
        id: 'c',
        request: { url: api, time: t0 + 200, headers: bearer },
        response: { headers: challenge },
      }),
      true,
    );
    expect(inTabOne?.diagnoses[0]?.id).toBe('refresh-token-reused');
    // A tab that never used that token endpoint is not explained by it.
    const elsewhere = await diagnosis.handle(
      3,
      createExchange({
        id: 'd',
        request: { url: api, time: t0 + 300, headers: bearer },
        response: { headers: challenge },
      }),
      true,
    );
    expect(elsewhere?.diagnoses.map((d) => d.id)).not.toContain('refresh-token-reused');
  });
});

describe('vendor error headers in the background (no bodies: webRequest gives none)', () => {
  const PUBLIC = resolve(import.meta.dirname, '../fixtures/public');

  /** The exchanges of a public capture as webRequest would give them: without bodies. */
  function bodiless(file: string): Exchange[] {
    const imported = importHar(readFileSync(resolve(PUBLIC, file), 'utf8'));
    if (!imported.ok) throw new Error(`${file}: ${imported.error}`);
    return imported.value.exchanges.map((exchange) => {
      const { body: _body, ...response } = exchange.response;
      return { ...exchange, source: 'capture', response };
    });
  }

  test("Azure Storage's x-ms-error-code names the cause first: a SAS whose signature does not match", async () => {
    // The response headers are the public capture's, verbatim (a Terraform log of Azure
    // Storage refusing a signature); the request is a browser's GET of a blob with a shared
    // access signature in the URL (learn.microsoft.com/rest/api/storageservices/create-service-sas).
    const refused = bodiless('azure-storage-sharedkey-mismatch.har')[0];
    expect(refused?.response.headers).toContainEqual({
      name: 'X-Ms-Error-Code',
      value: 'AuthenticationFailed',
    });
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      3,
      createExchange({
        id: 'sas',
        source: 'capture',
        request: {
          url: 'https://tstate25079.blob.core.windows.net/tstate/terraform.tfstate?sv=2018-11-09&sr=b&sp=r&se=2020-12-23T00%3A00%3A00Z&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo%3D',
          headers: headers({ 'x-ms-version': '2018-11-09' }),
          time: refused?.request.time ?? 0,
        },
        response: { status: 403, headers: refused?.response.headers ?? [] },
      }),
      true,
    );
    expect(record?.diagnoses[0]?.id).toBe('credentials-rejected');
    expect(record?.diagnoses[0]?.evidence).toContain(
      'Azure Storage says: "X-Ms-Error-Code: AuthenticationFailed"',
    );
    // The signature itself stays masked in the stored record.
    expect(JSON.stringify(record)).not.toContain('Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo');
  });

  test('the same refusal of a SharedKey request, as the browser sends it (Authorization visible): credentials-rejected first', async () => {
    // The capture's log left Authorization out; webRequest sees it. Its form is Azure's
    // (learn.microsoft.com/en-us/rest/api/storageservices/authorize-with-shared-key).
    const refused = bodiless('azure-storage-sharedkey-mismatch.har')[0];
    if (!refused) throw new Error('no exchange');
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const signature = 'ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=';
    const record = await diagnosis.handle(
      6,
      {
        ...refused,
        id: 'sharedkey',
        request: {
          ...refused.request,
          headers: [
            ...refused.request.headers,
            { name: 'Authorization', value: `SharedKey tstate25079:${signature}` },
          ],
        },
      },
      true,
    );
    expect(record?.diagnoses[0]?.id).toBe('credentials-rejected');
    expect(record?.diagnoses[0]?.evidence).toContain(
      'Azure Storage says: "X-Ms-Error-Code: AuthenticationFailed"',
    );
    expect(record?.diagnoses.map((d) => d.id)).not.toContain('malformed-authorization');
    expect(JSON.stringify(record)).not.toContain(signature);
  });

  test('Jira server refusing a Basic login (X-Seraph-LoginReason: AUTHENTICATION_DENIED) is login-rejected first', async () => {
    // developer.atlassian.com/server/jira/platform/basic-authentication/: after too many failed
    // logins Jira answers 401 with X-Seraph-LoginReason: AUTHENTICATION_DENIED (CAPTCHA).
    const diagnosis = createDiagnosis(browser.storage.session, {
      statuses: DEFAULT_CAPTURED_STATUSES,
    });
    const record = await diagnosis.handle(
      5,
      createExchange({
        id: 'jira',
        source: 'capture',
        request: {
          url: 'https://jira.example.com/rest/api/2/issue/QA-31',
          headers: headers({ Authorization: `Basic ${btoa('fred:fredspassword')}` }),
        },
        response: {
          headers: headers({
            'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
            'X-AUSERNAME': 'anonymous',
            'WWW-Authenticate': 'OAuth realm="https%3A%2F%2Fjira.example.com"',
          }),
        },
      }),
      true,
    );
    expect(record?.diagnoses[0]?.id).toBe('login-rejected');
    expect(record?.diagnoses[0]?.evidence.join('\n')).toContain(
      'Atlassian Jira / Confluence server says: "X-Seraph-LoginReason: AUTHENTICATION_DENIED"',
    );
    expect(JSON.stringify(record)).not.toContain('fredspassword');
  });

  test('on every public capture without its body, the stored record says what diagnose() says', async () => {
    const files = readdirSync(PUBLIC).filter((f) => f.endsWith('.har'));
    let providerNamed = 0;
    for (const [tab, file] of files.entries()) {
      const diagnosis = createDiagnosis(browser.storage.session, { statuses: CAPTURED });
      const context = createContext();
      for (const exchange of bodiless(file)) {
        const failed = diagnose(exchange, context, { statuses: CAPTURED });
        const record = await diagnosis.handle(tab, exchange, failed !== null);
        recordExchange(context, exchange);
        expect(record?.diagnoses.map(explainDiagnosis), file).toEqual(failed?.diagnoses);
        if (record?.diagnoses[0]?.evidence.some((line) => / says: "/.test(line))) providerNamed++;
      }
    }
    expect(providerNamed).toBeGreaterThanOrEqual(3);
  });
});

const CAPTURED = new Set([401, 403, 407]);
